/**
 * A throwaway SQLite file for a bench, set up as the app and the gateway set theirs (WAL, synchronous
 * FULL: a commit is on disk when it returns), in a fresh temp folder that `close()` removes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export function openTempDatabase(prefix: string): { db: Database.Database; close(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = new Database(path.join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return {
    db,
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
