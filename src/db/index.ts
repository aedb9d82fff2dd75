export { openDatabase, type Database } from './connect.js';
export { migrateToLatest } from './migrate.js';
export type { DB } from './schema.js';
export type { Executor } from './executor.js';
export type { Dialect } from './columns.js';
export { isUniqueViolation, jsonParse } from './util.js';
export { StorageError } from './storage-error.js';
