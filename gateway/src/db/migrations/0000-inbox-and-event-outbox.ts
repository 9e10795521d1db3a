/**
 * `inbox_actions`: one row per action id ever committed (the dedup key), with the reply we gave, so a
 * resend gets the original outcome. `message.deliver` rows also carry delivery state and, until the
 * delivery is final, the parameters needed to deliver (then nulled: keep patient data no longer than needed).
 * `event_outbox`: events to push until a workstation acknowledges them.
 *
 * Released SQL: never edit it (the recorded hash would refuse every installed database); add a migration.
 * The text is what the legacy inbox store (schema 1) ran, whitespace included, so a database made by
 * either has the same `sqlite_master`.
 */
export const INBOX_AND_EVENT_OUTBOX = `
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
    `;
