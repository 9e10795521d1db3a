import type { Db } from '../db/open';
import { prepared } from '../worklist/statement-cache';
import { removeStoredFile } from './image-files';

/**
 * Forgets images received before a cut-off: their files, then their index rows. The gateway is not the
 * archive (the modality sends to PACS as well); its copies exist for thumbnails and events, which have
 * already been made, so keeping them for ever only fills the disk the inbox also lives on (ADR 0009).
 *
 * Files go first, rows after, batch by batch: a crash in between leaves rows whose files are gone, which
 * the next run removes (removing a missing file is not an error). The other order could leave files no
 * row points at, which nothing would ever remove. Past retention an instance sent again is stored again.
 */
// A type, not an interface, so that it is a retention job's `Record<string, number>` of counts.
export type PrunedImages = { images: number; imageBytes: number };

const BATCH = 500;

export async function pruneImages(db: Db, root: string, before: Date, batch = BATCH): Promise<PrunedImages> {
  const cutoff = before.toISOString();
  const oldest = prepared(
    db,
    `SELECT sop_instance_uid AS sop, path, size_bytes AS size FROM stored_images
     WHERE received_at < ? ORDER BY received_at LIMIT ?`,
  );
  // Content-addressed: identical bytes share a file, so keep it while a newer row still points at it.
  const stillUsed = prepared(db, 'SELECT 1 FROM stored_images WHERE path = ? AND received_at >= ? LIMIT 1');
  const forget = prepared(db, 'DELETE FROM stored_images WHERE sop_instance_uid = ?');
  const forgetAll = db.transaction((sops: readonly string[]) => {
    for (const sop of sops) forget.run(sop);
  });
  const pruned: PrunedImages = { images: 0, imageBytes: 0 };
  for (;;) {
    const rows = oldest.all(cutoff, batch) as Array<{ sop: string; path: string; size: number }>;
    if (rows.length === 0) return pruned;
    for (const row of rows) if (!stillUsed.get(row.path, cutoff)) await removeStoredFile(root, row.path);
    forgetAll(rows.map((r) => r.sop));
    pruned.images += rows.length;
    pruned.imageBytes += rows.reduce((n, r) => n + r.size, 0);
  }
}
