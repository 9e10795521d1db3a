import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { migrate } from './migrations';
import { ensurePrivateFile, PRIVATE_DIR_MODE, restrictIfPresent, sqliteFiles } from '../fs/private-files';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating if needed) and migrates the database. Pragmas are per-connection in SQLite, so
 * they are set on every open: WAL for concurrent readers, FULL sync so a confirmed write survives
 * power loss, foreign keys (off by default in SQLite), and a busy timeout instead of instant SQLITE_BUSY.
 * It holds names, NHS numbers and dates of birth, so the file, its -wal and -shm are 0600 whatever the
 * umask, looser modes left by an older version are tightened here, and a folder made for it is 0700
 * (an existing data folder is tightened by the app at start-up; see ADR 0011).
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    ensurePrivateFile(file);
    for (const companion of sqliteFiles(file).slice(1)) restrictIfPresent(companion);
  }
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
