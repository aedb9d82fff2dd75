// The smarthost is a server of our own: relay mode opens up to LETTR_RELAY_CONCURRENCY connections to it, not the
// per-MX politeness cap (LETTR_DESTINATION_CONCURRENCY).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliveryRuntime } from '../../src/delivery/index.js';
import { createTestDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

let sink: SmtpSink;
let h: Harness;
let drop: () => Promise<void>;

before(async () => {
  sink = await startSmtpSink();
  // Every message lingers a little, so parallel sends need parallel connections.
  sink.script({ phase: 'data', action: { delayMs: 100 } });
  const db = await createTestDatabase('sqlite');
  drop = db.drop;
  h = await startHarness(db, {
    LETTR_DELIVERY: 'relay', LETTR_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
    LETTR_RELAY_CONCURRENCY: '4', LETTR_DESTINATION_CONCURRENCY: '1',
  });
});
after(async () => {
  deliveryRuntime(h.ctx).close();
  await h.close();
  await sink.close();
  await drop();
});

test('relay opens up to LETTR_RELAY_CONCURRENCY connections to the smarthost, and no more', async () => {
  const { transport } = deliveryRuntime(h.ctx);
  const message = (n: number) => Buffer.from(`From: a@sender.test\r\nTo: r@example.test\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`);
  const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => transport.send({ from: 'bounces+x@sender.test', to: 'r@example.test' }, message(i))));
  assert.ok(outcomes.every((o) => o.kind === 'delivered'), JSON.stringify(outcomes.find((o) => o.kind !== 'delivered')));
  assert.equal(sink.stats.maxConcurrent, 4);
});
