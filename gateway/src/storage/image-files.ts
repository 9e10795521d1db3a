import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Content-addressed image files: `<root>/ab/cd/<sha256>.dcm`, where the name is the SHA-256 of the
 * file's bytes (so `sha256sum` verifies any file against its name). Written atomically and durably: to
 * `<root>/tmp/<uuid>.part` (as it arrives, for the storage SCP: spool-file.ts), fsync, rename into
 * place, fsync the folder, so a crash leaves either the whole file or none, and a success answered to
 * the modality means the bytes are on disk.
 */
export interface StoredFile {
  sha256: string;
  /** Relative to the storage root, with forward slashes (what the index keeps). */
  path: string;
  size: number;
  /** The same bytes were already stored (nothing written). */
  existed: boolean;
}

export function contentPath(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.dcm`;
}

export function sha256Of(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** fsync of a folder makes a rename durable on Linux; other platforms may refuse it, which is harmless. */
async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

export async function writeContentAddressed(root: string, parts: readonly Uint8Array[]): Promise<StoredFile> {
  const sha256 = sha256Of(parts);
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (await exists(join(root, contentPath(sha256))))
    return { sha256, path: contentPath(sha256), size, existed: true };
  const tmpDir = join(root, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = join(tmpDir, `${randomUUID()}.part`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    for (const part of parts) {
      for (let offset = 0; offset < part.length;) {
        const { bytesWritten } = await handle.write(part, offset, part.length - offset);
        offset += bytesWritten;
      }
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  const placed = await placeContentAddressed(root, tmp, sha256, size);
  if (placed.existed) await rm(tmp, { force: true });
  return placed;
}

/**
 * Moves a complete, fsynced `tmp/*.part` file (the storage SCP streams each image into one) to its
 * content address. When that name already exists the same bytes are stored: the part is left for the
 * caller to remove and `existed` is true.
 */
export async function placeContentAddressed(
  root: string,
  tmp: string,
  sha256: string,
  size: number,
): Promise<StoredFile> {
  const path = contentPath(sha256);
  const target = join(root, path);
  if (await exists(target)) return { sha256, path, size, existed: true };
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await rename(tmp, target);
  await syncFolder(dirname(target));
  return { sha256, path, size, existed: false };
}

/** Removes a file nobody indexes (a lost race between two senders of the same instance). */
export async function removeStoredFile(root: string, path: string): Promise<void> {
  await rm(join(root, path), { force: true });
}

/**
 * Removes `tmp/*.part` files last written before `before`: what a crash in the middle of a write left
 * (the modality, having had no success, sends the image again under a new name). A write in progress
 * touches its file every few milliseconds, so an hour-old part is never one still being written.
 */
export async function removeStaleParts(root: string, before: Date): Promise<number> {
  const tmpDir = join(root, 'tmp');
  const names = await readdir(tmpDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const path = join(tmpDir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info || info.mtime >= before) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}
