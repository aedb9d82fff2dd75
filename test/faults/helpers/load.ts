// Closed-loop email load for fault scenarios: `loops` clients each post numbered emails back to back until told to
// stop, recording every answer by sequence number (the `X-Fault-Seq` header travels into the message, so the receiving
// side can count by id too).
import type { Clients } from './http.js';

export const SEQ_HEADER = 'X-Fault-Seq';

export interface Answer {
  seq: number;
  status: number | null;
  error: string | null;
  retryAfter: string | null;
  requestId: string | null;
  at: number;
}

export function faultEmail(from: string, seq: number, to = 'rcpt@example.net', padding = '') {
  return { from, to: [to], subject: `fault ${seq}`, text: `message ${seq}${padding}`, html: `<p>message ${seq}</p>`, headers: { [SEQ_HEADER]: String(seq) } };
}

export class EmailLoad {
  readonly answers: Answer[] = [];
  private stopped = false;
  private next = 0;
  private running: Promise<void>[] = [];

  constructor(
    private readonly clients: Clients,
    private readonly key: string,
    private readonly from: string,
    private readonly to?: string,
    /** Appended to the text part: bigger emails, to fill a disk quickly. */
    private readonly padding = '',
  ) {}

  start(loops: number): void {
    for (let i = 0; i < loops; i++) this.running.push(this.loop());
  }

  async stop(): Promise<Answer[]> {
    this.stopped = true;
    await Promise.all(this.running);
    return this.answers;
  }

  /** Resolves once `count` answers match `pred` (polling the record, so it never blocks the loops). */
  async until(pred: (a: Answer) => boolean, count: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    let checked = 0;
    while (Date.now() < deadline) {
      for (; checked < this.answers.length; checked++) if (pred(this.answers[checked]!)) seen++;
      if (seen >= count) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const seq = this.next++;
      const res = await this.clients.request({
        method: 'POST', path: '/api/emails',
        headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(faultEmail(this.from, seq, this.to, this.padding)),
      });
      let requestId: string | null = null;
      if (res.status === 200) requestId = (JSON.parse(res.body) as { data: { request_id: string } }).data.request_id;
      const retryAfter = res.headers['retry-after'];
      this.answers.push({ seq, status: res.status, error: res.error, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, requestId, at: Date.now() });
      // Back off a little on refusals, as a client honouring Retry-After would (not the full seconds: keep it short).
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
  }
}
