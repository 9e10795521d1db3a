import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { migrate } from './migrations';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating if needed) and migrates the database. Pragmas are per-connection in SQLite, so
 * they are set on every open: WAL for concurrent readers, FULL sync so a confirmed write survives
 * power loss, foreign keys (off by default in SQLite), and a busy timeout instead of instant SQLITE_BUSY.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    migrate(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return drizzle(sqlite, { schema });
}

export { schema };
