import type Database from 'better-sqlite3';

/**
 * The worklist's tables inside the gateway's one database. The core calls `applyWorklistSchema` when it
 * opens the database; the function is idempotent and versioned on its own row so the worklist can evolve
 * without touching the core's migrations.
 *
 * Column choices follow the production gateway, with two deliberate differences:
 * - `scheduled_date`/`scheduled_time` hold the clinic's local time exactly as the app sent it (never
 *   UTC: production stored UTC and moved late BST appointments to the wrong day);
 * - statuses are spelled as DICOM/our protocol spells them (`IN PROGRESS`, with a space).
 */
export const WORKLIST_SCHEMA_VERSION = 1;

const V1 = `
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

/** The predicate the partial indexes are declared with; SQL that wants them must use this text. */
export const ACTIVE_STATUS_SQL = `status IN ('SCHEDULED', 'IN PROGRESS')`;

export function applyWorklistSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS worklist_schema_version (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    ) STRICT`);
    const row = db.prepare('SELECT version FROM worklist_schema_version WHERE id = 1').get() as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > WORKLIST_SCHEMA_VERSION) {
      // A newer gateway wrote this database; running old code on it could corrupt the worklist.
      throw new Error(
        `worklist schema version ${current} is newer than this gateway supports (${WORKLIST_SCHEMA_VERSION})`,
      );
    }
    if (current < 1) db.exec(V1);
    db.prepare(
      'INSERT INTO worklist_schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
    ).run(WORKLIST_SCHEMA_VERSION);
  })();
}
