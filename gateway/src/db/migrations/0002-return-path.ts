/**
 * The return path's tables, in the gateway's one database so an MPPS step or a stored image, the worklist
 * move it causes and the events it produces commit in one transaction.
 * - `mpps_instances`: one row per Modality Performed Procedure Step the modality created. Only what the
 *   state machine and support need: no names, NHS numbers or birth dates (those stay on the worklist item).
 * - `stored_images`: the index of received SOP instances; the file is content-addressed by `sha256`.
 *
 * Released SQL: never edit it; add a migration. The text is the legacy return path store's version 1.
 */
export const RETURN_PATH = `
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
