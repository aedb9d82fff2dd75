// Closed-loop email load for fault scenarios: `loops` clients each post numbered emails back to back (until told to
// stop, or until `total` were sent), recording every answer by sequence number. The `X-Fault-Seq` header travels in
// the message, so the receiving side counts by id too.
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

export interface LoadOptions {
  clients: () => Clients;
  key: string;
  from: string;
  /** Recipient of email `seq` (one per email, so a sink rule can target it). */
  to?: (seq: number) => string;
  /** Appended to the text part: bigger emails, to fill a disk quickly. */
  padding?: string;
  /** Stop after this many emails. */
  total?: number;
  /** The first sequence number (several loads against one server keep their ids apart). */
  firstSeq?: number;
}

export const recipientFor = (seq: number) => `r${seq}@example.net`;

export function faultEmail(from: string, seq: number, to: string, padding = '') {
  return { from, to: [to], subject: `fault ${seq}`, text: `message ${seq}${padding}`, html: `<p>message ${seq}</p>`, headers: { [SEQ_HEADER]: String(seq) } };
}

export class EmailLoad {
  readonly answers: Answer[] = [];
  private stopped = false;
  private next: number;
  private running: Promise<void>[] = [];

  constructor(private readonly o: LoadOptions) {
    this.next = o.firstSeq ?? 0;
  }

  start(loops: number): this {
    for (let i = 0; i < loops; i++) this.running.push(this.loop());
    return this;
  }

  /** Resolves when the loops have ended (stopped, or `total` reached). */
  async stop(): Promise<Answer[]> {
    this.stopped = true;
    await Promise.all(this.running);
    return this.answers;
  }

  finished(): Promise<Answer[]> {
    return Promise.all(this.running).then(() => this.answers);
  }

  /** Resolves true once `count` answers match `pred` (false on timeout); polls, so it never blocks the loops. */
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
    while (!this.stopped && (this.o.total === undefined || this.next < (this.o.firstSeq ?? 0) + this.o.total)) {
      const seq = this.next++;
      const to = (this.o.to ?? recipientFor)(seq);
      const res = await this.o.clients().request({
        method: 'POST', path: '/api/emails',
        headers: { authorization: `Bearer ${this.o.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(faultEmail(this.o.from, seq, to, this.o.padding)),
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
