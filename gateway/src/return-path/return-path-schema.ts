import type Database from 'better-sqlite3';

/**
 * The return path's tables inside the gateway's one database, so an MPPS step or a stored image, the
 * worklist move it causes and the events it produces commit in one transaction.
 *
 * - `mpps_instances`: one row per Modality Performed Procedure Step the modality created. Only what the
 *   state machine and support need: no names, NHS numbers or birth dates (those stay on the worklist item).
 * - `stored_images`: the index of received SOP instances; the file is content-addressed by `sha256`.
 * - `image_followups` (version 2): stored images whose thumbnail and `study.image_received` event are
 *   still to be made. The C-STORE is answered once the image is durable and indexed; the row commits with
 *   the index row and goes with the event's commit, so a crash in between is caught up on the next start
 *   (ADR 0024).
 *
 * Versioned on its own row in `gateway_meta`, like the inbox and the worklist, so a database written by
 * a newer gateway is refused rather than guessed at.
 */
export const RETURN_PATH_SCHEMA_VERSION = 2;

const V1 = `
CREATE TABLE IF NOT EXISTS mpps_instances (
  sop_instance_uid      TEXT PRIMARY KEY,
  accession_number      TEXT NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('IN PROGRESS', 'COMPLETED', 'DISCONTINUED')),
  calling_ae_title      TEXT NOT NULL,
  performed_station_ae  TEXT,
  step_id               TEXT,
  started               TEXT,
  ended                 TEXT,
  discontinuation_reason TEXT,
  referenced_images     INTEGER NOT NULL DEFAULT 0,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS mpps_by_accession ON mpps_instances (accession_number);

CREATE TABLE IF NOT EXISTS stored_images (
  sop_instance_uid    TEXT PRIMARY KEY,
  accession_number    TEXT NOT NULL,
  study_instance_uid  TEXT NOT NULL,
  series_instance_uid TEXT NOT NULL,
  sop_class_uid       TEXT NOT NULL,
  transfer_syntax_uid TEXT NOT NULL,
  sha256              TEXT NOT NULL CHECK (length(sha256) = 64),
  path                TEXT NOT NULL,
  size_bytes          INTEGER NOT NULL,
  laterality          TEXT CHECK (laterality IN ('L', 'R', 'B')),
  view                TEXT,
  preview             INTEGER NOT NULL CHECK (preview IN (0, 1)),
  calling_ae_title    TEXT NOT NULL,
  received_at         TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS images_by_accession ON stored_images (accession_number);
CREATE INDEX IF NOT EXISTS images_by_sha ON stored_images (sha256);
`;

/** `dataset_offset`: where the data set starts in the stored file (after our File Meta Information). */
const V2 = `
CREATE TABLE IF NOT EXISTS image_followups (
  sop_instance_uid TEXT PRIMARY KEY REFERENCES stored_images (sop_instance_uid) ON DELETE CASCADE,
  dataset_offset   INTEGER NOT NULL CHECK (dataset_offset >= 0),
  queued_at        TEXT NOT NULL
) STRICT;
`;

const VERSION_KEY = 'return_path_schema_version';

export function applyReturnPathSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS gateway_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const row = db.prepare(`SELECT value FROM gateway_meta WHERE key = ?`).get(VERSION_KEY) as
      { value: string } | undefined;
    const current = row ? Number(row.value) : 0;
    if (current > RETURN_PATH_SCHEMA_VERSION) {
      throw new Error(
        `return path schema version ${current} is newer than this gateway supports (${RETURN_PATH_SCHEMA_VERSION})`,
      );
    }
    if (current < 1) db.exec(V1);
    if (current < 2) db.exec(V2);
    // For image retention's oldest-first pages. Outside the versions on purpose: an index changes no
    // data, so an older gateway can still open the database after a rollback.
    db.exec('CREATE INDEX IF NOT EXISTS images_by_received ON stored_images (received_at, sop_instance_uid)');
    db.prepare(`INSERT OR REPLACE INTO gateway_meta (key, value) VALUES (?, ?)`).run(
      VERSION_KEY,
      String(RETURN_PATH_SCHEMA_VERSION),
    );
  })();
}
