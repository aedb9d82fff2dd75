// Applies pending migrations (on start and by `lettr migrate`); Kysely's migrator holds a lock so concurrent
// starts of several processes on one PostgreSQL apply each migration once. Capabilities number their migrations in
// their own ranges and land independently, so a lower number may arrive after a higher one was applied: unordered
// migrations are allowed (each is applied once, by name).
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connect.js';
import { MIGRATIONS } from './migrations/index.js';

export async function migrateToLatest(db: Database): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (k) => m.up(k, db.dialect) };
      return out;
    },
  };
  const { error, results } = await new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
