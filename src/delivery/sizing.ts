// Default worker concurrency for the deliver queue, sized to the machine. Delivery is network-bound (an SMTP
// transaction is mostly waiting on the remote side), so slots scale with cores well past one per core; memory
// bounds it too, since each in-flight message holds its composed MIME (up to ~7 MB with 5 MB of base64
// attachments). Bulk gets fewer slots than transactional so a marketing backlog never starves password resets,
// and each lane has its own claim loop (foundation queue lanes) so neither waits on the other.

export interface LaneConcurrency { transactional: number; bulk: number }

const PER_CORE = 16;
const WORST_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Share of memory in-flight messages may take. */
const MEMORY_SHARE = 0.25;

export function defaultDeliveryConcurrency(cores: number, totalMemoryBytes: number): LaneConcurrency {
  const byCpu = Math.max(1, cores) * PER_CORE;
  const byMemory = Math.floor((totalMemoryBytes * MEMORY_SHARE) / WORST_MESSAGE_BYTES);
  const total = Math.max(4, Math.min(256, byCpu, byMemory));
  const bulk = Math.max(1, Math.floor(total / 2));
  return { transactional: total, bulk };
}
