// lettr start [--role api|worker|all], lettr migrate
import { loadConfig } from '../config/index.js';
import { migrateToLatest, openDatabase } from '../db/index.js';
import { startServer } from '../server/start.js';
import { UsageError, type Io, type Parsed } from './io.js';

export async function startCommand(_sub: string | undefined, { flags }: Parsed): Promise<void> {
  const role = (flags.role ?? 'all') as 'api' | 'worker' | 'all';
  if (!['api', 'worker', 'all'].includes(role)) throw new UsageError('--role must be api, worker or all');
  const config = loadConfig();
  const server = await startServer(config, role);
  server.ctx.log.info({ role, url: server.url, database: config.database.dialect, delivery: config.delivery }, 'lettr started');
  let signals = 0;
  const onSignal = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second signal: the operator insists
    server.ctx.log.info({ signal }, 'stopping: draining in-flight work');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5000);
    force.unref();
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

export async function migrateCommand(_sub: string | undefined, _args: Parsed, io: Io): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(db);
    io.out({ applied }, applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await db.close();
  }
}
