import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Anything a query can run on: the database or an open transaction. Commands take this so callers choose. */
export type Executor = Kysely<DB> | Transaction<DB>;
