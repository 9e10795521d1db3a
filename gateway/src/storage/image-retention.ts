import type { Db } from '../db/open';
import { errorText, type Logger } from '../logger';
import { prepared } from '../worklist/statement-cache';
import { removeStoredFile } from './image-files';

/**
 * Forgets images received before a cut-off: their files, then their index rows. The gateway is not the
 * archive; its copies exist for thumbnails and events, which were made on arrival, so keeping them for
 * ever only fills the disk the inbox also lives on (ADR 0009).
 *
 * Each file goes before its row: a crash in between leaves a row whose file is gone, which the next run
 * removes (a missing file is not an error); the other order could leave a file no row points at. A file
 * that cannot be removed (held open, permissions) keeps its row, is logged by its content hash, and is
 * tried again next run, while the run goes on past it. A stopping gateway aborts between files. Each instance has a file of its own: the name is
 * the hash of the whole Part 10 file, whose header carries the SOP Instance UID, the index's key.
 */
// A type, not an interface, so that it is a retention job's `Record<string, number>` of counts.
export type PrunedImages = { images: number; imageBytes: number; imagesKept: number };

const BATCH = 500;

export async function pruneImages(
  db: Db,
  root: string,
  before: Date,
  log: Logger,
  signal?: AbortSignal,
  batch = BATCH,
): Promise<PrunedImages> {
  const cutoff = before.toISOString();
  // Paged by (received_at, sop_instance_uid), so rows kept after a failure are not read again this run.
  const page = prepared(
    db,
    `SELECT sop_instance_uid AS sop, received_at AS at, sha256, path, size_bytes AS size FROM stored_images
     WHERE received_at < ? AND (received_at, sop_instance_uid) > (?, ?)
     ORDER BY received_at, sop_instance_uid LIMIT ?`,
  );
  const forget = prepared(db, 'DELETE FROM stored_images WHERE sop_instance_uid = ?');
  const forgetAll = db.transaction((sops: readonly string[]) => {
    for (const sop of sops) forget.run(sop);
  });
  const pruned: PrunedImages = { images: 0, imageBytes: 0, imagesKept: 0 };
  let after = { at: '', sop: '' };
  for (;;) {
    const rows = page.all(cutoff, after.at, after.sop, batch) as Array<{
      sop: string;
      at: string;
      sha256: string;
      path: string;
      size: number;
    }>;
    if (rows.length === 0) return pruned;
    const removed: string[] = [];
    for (const row of rows) {
      if (signal?.aborted) break; // the gateway is stopping: what is removed so far is forgotten below
      try {
        await removeStoredFile(root, row.path);
        removed.push(row.sop);
        pruned.imageBytes += row.size;
      } catch (error) {
        pruned.imagesKept += 1;
        log.warn(
          { sha256: row.sha256, error: errorText(error) },
          'image file not removed; kept for the next run',
        );
      }
    }
    forgetAll(removed);
    pruned.images += removed.length;
    if (signal?.aborted) return pruned;
    const last = rows.at(-1)!;
    after = { at: last.at, sop: last.sop };
  }
}
