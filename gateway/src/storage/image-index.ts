import type { Db } from '../db/open';
import { prepared } from '../worklist/statement-cache';

/** One row of `stored_images` (see db/migrations/0002-return-path): where a SOP instance's file is, and what it shows. */
export interface ImageRow {
  sopInstanceUid: string;
  accession: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  sha256: string;
  path: string;
  size: number;
  laterality: 'L' | 'R' | 'B' | null;
  view: string | null;
  preview: boolean;
  callingAe: string;
}

export function indexedImage(db: Db, sopInstanceUid: string): { sha256: string; path: string } | undefined {
  return prepared(db, 'SELECT sha256, path FROM stored_images WHERE sop_instance_uid = ?').get(
    sopInstanceUid,
  ) as { sha256: string; path: string } | undefined;
}

/** Inserts the row unless the instance is already indexed; true when this call indexed it. */
export function indexImage(db: Db, row: ImageRow, receivedAt = new Date().toISOString()): boolean {
  return (
    prepared(
      db,
      `INSERT INTO stored_images (sop_instance_uid, accession_number, study_instance_uid, series_instance_uid,
         sop_class_uid, transfer_syntax_uid, sha256, path, size_bytes, laterality, view, preview,
         calling_ae_title, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sop_instance_uid) DO NOTHING`,
    ).run(
      row.sopInstanceUid,
      row.accession,
      row.studyInstanceUid,
      row.seriesInstanceUid,
      row.sopClassUid,
      row.transferSyntaxUid,
      row.sha256,
      row.path,
      row.size,
      row.laterality,
      row.view,
      row.preview ? 1 : 0,
      row.callingAe,
      receivedAt,
    ).changes === 1
  );
}

export function isShaIndexed(db: Db, sha256: string): boolean {
  return prepared(db, 'SELECT 1 FROM stored_images WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
}

/** How much the image folder holds, for the health report (IT sees retention working, or not set). */
export function imageStats(db: Db): { count: number; bytes: number; oldest_received_at: string | null } {
  return prepared(
    db,
    `SELECT COUNT(*) AS count, COALESCE(SUM(size_bytes), 0) AS bytes, MIN(received_at) AS oldest_received_at
     FROM stored_images`,
  ).get() as { count: number; bytes: number; oldest_received_at: string | null };
}
