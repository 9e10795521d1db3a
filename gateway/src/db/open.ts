import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrateGatewayDb } from './migrate';
import { securePrivateDataDir } from './private-files';

export type Db = Database.Database;

export const DB_FILE = 'gateway.sqlite';

/**
 * Opens the gateway's one database. WAL lets readers (health, pruning) run beside the writer;
 * synchronous=FULL makes every commit durable before we acknowledge it, which is the whole point of
 * the inbox. Group commits (see commit-queue) are what keep that affordable. The folder is made (or
 * tightened to) 0700 and the database files 0600 first: they hold patient data. Every table (inbox,
 * worklist, return path) comes from the one migration list (ADR 0029), so every opener sees the same
 * schema and a database a newer gateway wrote is refused here, before any change.
 */
export function openGatewayDb(dataDir: string): Db {
  securePrivateDataDir(dataDir, join(dataDir, DB_FILE));
  const db = new Database(join(dataDir, DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateGatewayDb(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
