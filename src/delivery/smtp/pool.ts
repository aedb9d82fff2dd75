// Connection reuse with a hard cap per destination. A destination is the host:port we connect to (for mx mode
// the MX host, so domains hosted by one provider share its connections and its limit). The cap is the
// per-destination concurrency limit: a caller past it waits for a connection to come back, never opens more.
import { openSession, type Destination, type OpenOptions, type SmtpSession } from './smtp-client.js';

export interface PoolOptions extends OpenOptions {
  maxConnectionsPerDestination: number;
  /** Messages per connection before it is retired (spreads load, bounds a bad session). */
  maxMessagesPerConnection: number;
  /** How long an idle connection is kept for reuse (ms). */
  idleMs: number;
}

interface Slot {
  idle: Array<{ session: SmtpSession; timer: NodeJS.Timeout }>;
  /** Connections open or opening, idle or busy. */
  count: number;
  waiters: Array<() => void>;
}

export class SmtpPool {
  private readonly slots = new Map<string, Slot>();
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) { slot = { idle: [], count: 0, waiters: [] }; this.slots.set(key, slot); }
    return slot;
  }

  /** Runs `use` on a pooled connection. `use` returns whether the connection is still good for another message. */
  async withSession<T>(dest: Destination, use: (session: SmtpSession) => Promise<{ value: T; reusable: boolean }>): Promise<T> {
    const key = `${dest.secure ? 'smtps' : 'smtp'}://${dest.host}:${dest.port}/${dest.ignoreTls ? 'plain' : 'tls'}`;
    const slot = this.slot(key);
    const session = await this.acquire(slot, dest);
    let reusable = false;
    try {
      const result = await use(session);
      reusable = result.reusable;
      return result.value;
    } finally {
      this.release(slot, session, reusable);
    }
  }

  private async acquire(slot: Slot, dest: Destination): Promise<SmtpSession> {
    for (;;) {
      if (this.closed) throw Object.assign(new Error('SMTP pool closed'), { code: 'ECONNECTION' });
      const idle = slot.idle.pop();
      if (idle) {
        clearTimeout(idle.timer);
        if (!idle.session.closed) { idle.session.setIdle(false); return idle.session; }
        slot.count -= 1;
        continue;
      }
      if (slot.count < this.opts.maxConnectionsPerDestination) {
        slot.count += 1;
        try {
          return await openSession(dest, this.opts);
        } catch (err) {
          slot.count -= 1;
          this.wakeOne(slot);
          throw err;
        }
      }
      await new Promise<void>((resolve) => slot.waiters.push(resolve));
    }
  }

  private release(slot: Slot, session: SmtpSession, reusable: boolean): void {
    if (reusable && !this.closed && !session.closed && session.messages < this.opts.maxMessagesPerConnection) {
      const timer = setTimeout(() => {
        const i = slot.idle.findIndex((e) => e.session === session);
        if (i >= 0) { slot.idle.splice(i, 1); slot.count -= 1; session.close(); this.wakeOne(slot); }
      }, this.opts.idleMs);
      timer.unref();
      session.setIdle(true);
      slot.idle.push({ session, timer });
    } else {
      slot.count -= 1;
      session.close();
    }
    this.wakeOne(slot);
  }

  private wakeOne(slot: Slot): void {
    slot.waiters.shift()?.();
  }

  /** Stops reuse and closes idle connections; busy ones close when their message finishes. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots.values()) {
      for (const { session, timer } of slot.idle.splice(0)) { clearTimeout(timer); session.close(); }
      for (const wake of slot.waiters.splice(0)) wake();
    }
  }
}
