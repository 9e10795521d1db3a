import type Database from 'better-sqlite3';

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
