// Behaviour tests run once per database: always SQLite (a fresh file in a temp dir), and PostgreSQL when
// LETTR_TEST_POSTGRES_URL is set (a fresh database created for the test file and dropped after it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: TestDialect;
  /** A LETTR_DATABASE_URL for this database. */
  url: string;
  /** A private scratch directory (LETTR_DATA_DIR). */
  dataDir: string;
}

export function testDialects(): TestDialect[] {
  const only = process.env.LETTR_TEST_DIALECT as TestDialect | undefined;
  const all: TestDialect[] = process.env.LETTR_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  return only ? all.filter((d) => d === only) : all;
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase & { drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-test-'));
  if (dialect === 'sqlite') {
    return { dialect, url: `sqlite:${path.join(dataDir, 'lettr.db')}`, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = process.env.LETTR_TEST_POSTGRES_URL!;
  const name = `lettr_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    dialect, url: u.toString(), dataDir,
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin(url: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * `describe` once per database. The body gets a getter for that database (valid inside tests and hooks).
 *   forEachDatabase('domains API', (db) => { test('…', async () => { const h = await startHarness(db()); … }) })
 */
export function forEachDatabase(title: string, body: (db: () => TestDatabase) => void): void {
  for (const dialect of testDialects()) {
    describe(`${title} [${dialect}]`, () => {
      let current: (TestDatabase & { drop(): Promise<void> }) | undefined;
      before(async () => {
        current = await createTestDatabase(dialect);
      });
      after(async () => {
        await current?.drop();
      });
      body(() => {
        if (!current) throw new Error('database not ready: use it inside a test or hook');
        return current;
      });
    });
  }
}
