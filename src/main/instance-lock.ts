import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export class DataFolderInUse extends Error {
  override name = 'DataFolderInUse';
}

export interface InstanceLock {
  release(): void;
}

const LOCK_FILE = 'instance.lock';

/**
 * One app per data folder, whatever the host: two instances on one database would dispatch the same
 * outbox twice. The lock is SQLite's own exclusive file lock on a small side file, held for the life
 * of the process; the operating system drops it when the process dies (even by `kill -9` or a power
 * cut), so a crash never leaves a stale lock behind, unlike a pid file.
 */
export function lockDataFolder(dataDir: string): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this locking mode it is kept until close.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder VALUES (?, ?)').run(process.pid, new Date().toISOString());
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new DataFolderInUse(
        `Modality Link is already running with the data folder ${dataDir}. Use the window that is open, or close it first.`,
      );
    throw error;
  }
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Not ours to fix on a file system without modes (Windows); the folder's ACL protects it there.
  }
  return { release: () => db.close() };
}
