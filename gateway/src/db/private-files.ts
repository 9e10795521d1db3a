import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The gateway's data folder holds the inbox, the worklist (names, NHS numbers, dates of birth) and
 * stored images: 0700, with the database and its -wal/-shm 0600 whatever the umask. Modes an older
 * version or a hand-made folder left looser are tightened on open. A shared folder (sticky bit) or one
 * another user owns is not ours to change. Windows has no modes: the ACL does this (docs/operations.md).
 */
export function securePrivateDataDir(
  dataDir: string,
  dbFile: string,
  platform = process.platform,
  uid: number | undefined = process.getuid?.(),
): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Created 0600 before SQLite opens it: SQLite keeps the mode and gives -wal and -shm the same.
  closeSync(openSync(dbFile, 'a', 0o600));
  if (platform === 'win32') return;
  const dir = statSync(dataDir);
  if ((dir.mode & 0o777) !== 0o700 && dir.uid === uid && (dir.mode & 0o1000) === 0) chmodSync(dataDir, 0o700);
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    try {
      if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
