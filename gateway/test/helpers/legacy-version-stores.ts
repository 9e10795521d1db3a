import type Database from 'better-sqlite3';

/**
 * FROZEN COPY, for tests only: the three version stores the gateway kept before ADR 0029, as released
 * (gateway/src/db/inbox-schema.ts, gateway/src/worklist/worklist-schema.ts and
 * gateway/src/return-path/return-path-schema.ts at commit d433c34). Tests build with it the databases
 * installed gateways hold, to check that the migration list adopts them and makes the same schema.
 * Never change it to follow the migrations: it stands for code already in the field.
 */

/** Bumped when the tables below change; a database from a newer gateway is refused rather than guessed at. */
export const INBOX_SCHEMA_VERSION = 1;

/**
 * `inbox_actions`: one row per action id ever committed (the dedup key), with the reply we gave, so a
 * resend gets the original outcome. `message.deliver` rows also carry delivery state and, until the
 * delivery is final, the parameters needed to deliver (then nulled: keep patient data no longer than needed).
 * `event_outbox`: events to push until a workstation acknowledges them.
 */
export function applyInboxSchema(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS gateway_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const row = db.prepare(`SELECT value FROM gateway_meta WHERE key = 'inbox_schema_version'`).get() as
    { value: string } | undefined;
  const current = row ? Number(row.value) : 0;
  if (current > INBOX_SCHEMA_VERSION) {
    throw new Error(
      `The gateway database has inbox schema ${current}; this gateway knows ${INBOX_SCHEMA_VERSION}. Use a newer gateway.`,
    );
  }
  if (current === INBOX_SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS inbox_actions (
        action_id TEXT PRIMARY KEY,
        action_type TEXT NOT NULL,
        profile TEXT NOT NULL,
        workstation_id TEXT,
        received_at INTEGER NOT NULL,
        reply TEXT NOT NULL,
        destination TEXT,
        parameters TEXT,
        delivery_state TEXT CHECK (delivery_state IN ('pending', 'delivered', 'rejected', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS inbox_due ON inbox_actions (next_attempt_at) WHERE delivery_state = 'pending';
      CREATE INDEX IF NOT EXISTS inbox_received ON inbox_actions (received_at);
      CREATE TABLE IF NOT EXISTS event_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        workstation_id TEXT,
        event TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        acked_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS outbox_unacked ON event_outbox (seq) WHERE acked_at IS NULL;
    `);
    db.prepare(`INSERT OR REPLACE INTO gateway_meta (key, value) VALUES ('inbox_schema_version', ?)`).run(
      String(INBOX_SCHEMA_VERSION),
    );
  })();
}

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

const WORKLIST_V1 = `
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
    if (current < 1) db.exec(WORKLIST_V1);
    db.prepare(
      'INSERT INTO worklist_schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
    ).run(WORKLIST_SCHEMA_VERSION);
  })();
}

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

/** What an installed gateway's `run` did on every open: the inbox, then the worklist and return path. */
export function applyLegacySchemas(db: Database.Database): void {
  applyInboxSchema(db);
  applyWorklistSchema(db);
  applyReturnPathSchema(db);
}
