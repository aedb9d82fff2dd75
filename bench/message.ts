// The bench's email: a realistic ~5 KB transactional message (HTML + text, one recipient), stamped with the bench's
// sequence number and submit time in custom headers so the sink can count it by id and time it.

export const BENCH_FROM_DOMAIN = 'bench.lettr.test';
export const BENCH_FROM = `orders@${BENCH_FROM_DOMAIN}`;
export const BENCH_TO = 'customer@sink.bench.test';
export const SEQ_HEADER = 'X-Bench-Seq';
export const TS_HEADER = 'X-Bench-Ts';

const PARAGRAPH =
  'Thank you for your order. We are preparing your items and will send a tracking link as soon as the parcel ' +
  'leaves our warehouse. If anything looks wrong, reply to this email and our support team will sort it out. ';

function html(seq: number): string {
  const rows = Array.from({ length: 18 }, (_, i) =>
    `<tr><td style="padding:4px 8px;border-bottom:1px solid #eee">Item ${i + 1} — Widget model ${(seq + i) % 97}</td>` +
    `<td style="padding:4px 8px;text-align:right">$${(((seq + i) * 7) % 90) + 10}.00</td></tr>`).join('');
  return `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;color:#222">` +
    `<h1 style="font-size:20px">Order #${100000 + seq} confirmed</h1><p>${PARAGRAPH}</p>` +
    `<table style="border-collapse:collapse;width:100%">${rows}</table><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p>` +
    `<p style="font-size:12px;color:#888">Acme Inc., 1 Example Street, Springfield. You receive this email because ` +
    `you placed an order at acme.example.</p></body></html>`;
}

function text(seq: number): string {
  const lines = Array.from({ length: 18 }, (_, i) => `  Item ${i + 1}: Widget model ${(seq + i) % 97}  $${(((seq + i) * 7) % 90) + 10}.00`);
  return `Order #${100000 + seq} confirmed\n\n${PARAGRAPH}\n\n${lines.join('\n')}\n\n${PARAGRAPH}\n`;
}

export interface BenchEmail {
  from: string;
  from_name: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export function benchEmail(seq: number, submittedAt: number, to = BENCH_TO): BenchEmail {
  return {
    from: BENCH_FROM,
    from_name: 'Acme Orders',
    to: [to],
    subject: `Your order #${100000 + seq} is confirmed`,
    html: html(seq),
    text: text(seq),
    headers: { [SEQ_HEADER]: String(seq), [TS_HEADER]: String(submittedAt) },
  };
}

/** The JSON body as sent; about 5 KB. */
export const benchBody = (seq: number, submittedAt: number, to?: string) => JSON.stringify(benchEmail(seq, submittedAt, to));
