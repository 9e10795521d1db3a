/**
 * The worklist's table. Column choices follow the production gateway, with two deliberate differences:
 * - `scheduled_date`/`scheduled_time` hold the clinic's local time exactly as the app sent it (never
 *   UTC: production stored UTC and moved late BST appointments to the wrong day);
 * - statuses are spelled as DICOM/our protocol spells them (`IN PROGRESS`, with a space).
 *
 * Released SQL: never edit it; add a migration. The text is the legacy worklist store's version 1.
 */
export const WORKLIST = `
CREATE TABLE IF NOT EXISTS worklist_items (
  accession_number           TEXT PRIMARY KEY,
  patient_id                 TEXT NOT NULL,
  patient_name               TEXT NOT NULL,
  patient_birth_date         TEXT NOT NULL,
  patient_sex                TEXT NOT NULL DEFAULT '',
  scheduled_date             TEXT NOT NULL CHECK (length(scheduled_date) = 8),
  scheduled_time             TEXT NOT NULL CHECK (length(scheduled_time) = 6),
  modality                   TEXT NOT NULL,
  study_description          TEXT NOT NULL,
  procedure_code             TEXT,
  scheduled_station_ae_title TEXT,
  status                     TEXT NOT NULL DEFAULT 'SCHEDULED'
                             CHECK (status IN ('SCHEDULED', 'IN PROGRESS', 'COMPLETED', 'DISCONTINUED')),
  study_instance_uid         TEXT NOT NULL UNIQUE,
  mpps_instance_uid          TEXT,
  source_message_id          TEXT NOT NULL,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL
) STRICT;

-- C-FIND only ever reads active items, so the hot indexes are partial: completed and discontinued
-- rows cost nothing at query time. Queries must repeat the exact predicate for SQLite to use them.
CREATE INDEX IF NOT EXISTS worklist_active_by_date
  ON worklist_items (scheduled_date, scheduled_time)
  WHERE status IN ('SCHEDULED', 'IN PROGRESS');
CREATE INDEX IF NOT EXISTS worklist_active_by_modality_date
  ON worklist_items (modality, scheduled_date, scheduled_time)
  WHERE status IN ('SCHEDULED', 'IN PROGRESS');
CREATE INDEX IF NOT EXISTS worklist_by_patient_id ON worklist_items (patient_id);
-- For MPPS (N-SET addresses the step by its instance UID).
CREATE INDEX IF NOT EXISTS worklist_by_mpps_uid ON worklist_items (mpps_instance_uid)
  WHERE mpps_instance_uid IS NOT NULL;
`;

/**
 * The predicate the partial indexes above are declared with; SQL that wants them must use this text
 * (SQLite uses a partial index only for a query that repeats its WHERE).
 */
export const ACTIVE_STATUS_SQL = `status IN ('SCHEDULED', 'IN PROGRESS')`;
