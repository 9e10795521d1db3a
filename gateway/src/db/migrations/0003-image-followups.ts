/**
 * `image_followups`: stored images whose thumbnail and `study.image_received` event are still to be made.
 * The C-STORE is answered once the image is durable and indexed; the row commits with the index row and
 * goes with the event's commit, so a crash in between is caught up on the next start (ADR 0024).
 * `dataset_offset`: where the data set starts in the stored file (after our File Meta Information).
 *
 * Released SQL: never edit it; add a migration. The text is the legacy return path store's version 2.
 */
export const IMAGE_FOLLOWUPS = `
CREATE TABLE IF NOT EXISTS image_followups (
  sop_instance_uid TEXT PRIMARY KEY REFERENCES stored_images (sop_instance_uid) ON DELETE CASCADE,
  dataset_offset   INTEGER NOT NULL CHECK (dataset_offset >= 0),
  queued_at        TEXT NOT NULL
) STRICT;
`;
