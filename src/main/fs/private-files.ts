import fs from 'node:fs';

/**
 * The file-mode policy for everything that can hold patient data or keys (ADR 0011): the data folder
 * 0700, every file in it that matters 0600, whatever the umask, and existing folders and files with
 * looser modes tightened when the app opens them. On Windows modes mean nothing: the per-user folder's
 * ACL does this job (docs/operations.md).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = (platform: NodeJS.Platform) => platform !== 'win32';

/**
 * Creates `dir` 0700 if missing, and tightens it to 0700 if it exists, is ours and is looser. A folder
 * another user owns, or a shared one (sticky bit, like /tmp), is left alone: someone pointed the app at
 * a shared path, changing it is not ours to do, and the files inside are still 0600.
 */
export function ensurePrivateDir(
  dir: string,
  platform = process.platform,
  uid: number | undefined = process.getuid?.(),
): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix(platform)) return;
  const stat = fs.statSync(dir);
  const shared = (stat.mode & 0o1000) !== 0;
  if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE && stat.uid === uid && !shared)
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes `file` exist with mode 0600: created empty with that mode from the first byte when missing
 * (SQLite then writes into it and keeps the mode, and gives its -wal and -shm the same mode), tightened
 * when it exists with a looser one. The explicit chmod is what defeats a permissive umask.
 */
export function ensurePrivateFile(file: string, platform = process.platform): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictIfPresent(file, platform);
}

/** Tightens an existing file to 0600; a missing file is fine (nothing to protect yet). */
export function restrictIfPresent(file: string, platform = process.platform): void {
  if (!posix(platform)) return;
  try {
    if ((fs.statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The database and the files SQLite keeps beside it while it is open. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}
