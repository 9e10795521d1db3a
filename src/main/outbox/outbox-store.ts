import type Database from 'better-sqlite3';
import type { FailingPhase } from '#shared/domain/message';
import type { Reply } from 'modality-link-protocol';
import type { OutboxRow } from './outbox-row';

/**
 * The profile whose channel sends actions handed over together in that order, in one signed frame of
 * one session (modality-link-channel.ts); one-shot profiles open a connection per message, in no order.
 */
const IN_ORDER_PROFILE = 'modality-link/1';

export interface ClaimedMessage extends OutboxRow {
  gatewayId: string;
  attempts: number;
  clinicDayEndsAt: string | null;
}

export type Settlement =
  | { id: string; kind: 'written'; at: string }
  /** Claimed behind an earlier message that failed before anything was written: back in line, untried. */
  | { id: string; kind: 'released'; at: string }
  | { id: string; kind: 'confirmed'; at: string; reply: Reply }
  | { id: string; kind: 'retry'; at: string; nextAttemptAt: string; phase: FailingPhase; error: string }
  | { id: string; kind: 'failed'; at: string; phase: FailingPhase; error: string }
  | { id: string; kind: 'expired'; at: string; phase: FailingPhase; error: string };

/**
 * The dispatcher's SQL, as prepared statements on the hot path. Each method is one transaction, and
 * settlements are applied in batches, so a burst costs a handful of fsyncs rather than one per message.
 */
export class OutboxStore {
  private readonly claimSelect: Database.Statement;
  private readonly markSending: Database.Statement;
  private readonly written: Database.Statement;
  private readonly confirmed: Database.Statement;
  private readonly retry: Database.Statement;
  private readonly failed: Database.Statement;
  private readonly expired: Database.Statement;
  private readonly expireWaiting: Database.Statement;
  private readonly retryGatewayNow: Database.Statement;
  private readonly nextDue: Database.Statement;
  private readonly audit: Database.Statement;
  private readonly released: Database.Statement;
  private readonly withoutFsync: <T>(work: () => T) => T;

  constructor(private readonly db: Database.Database) {
    this.withoutFsync = bookkeepingCommit(db);
    // A message waits while an earlier message of the same appointment has not been written yet, so
    // one participant's messages reach the gateway in the order they were created. Over a session that
    // keeps order (IN_ORDER_PROFILE), a due earlier message claimed in the same go does not hold it back:
    // they leave together, in creation order, in one frame (ADR 0023).
    this.claimSelect = db.prepare(`
      SELECT m.id, m.gateway_id AS gatewayId, m.type, m.action_type AS actionType, m.payload, m.destination,
             m.appointment_id AS appointmentId, m.participant_id AS participantId, m.created_at AS createdAt,
             m.attempts, m.clinic_day_ends_at AS clinicDayEndsAt, a.accession_number AS accessionNumber
      FROM messages m LEFT JOIN appointments a ON a.id = m.appointment_id
      WHERE m.status IN ('queued', 'retry_wait') AND m.next_attempt_at <= @now
        AND (m.appointment_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM messages p WHERE p.appointment_id = m.appointment_id AND p.rowid < m.rowid
            AND (p.status = 'sending' OR (p.status IN ('queued', 'retry_wait') AND (p.next_attempt_at > @now
              OR p.gateway_id IS NOT m.gateway_id
              OR (SELECT g.profile FROM gateways g WHERE g.id = m.gateway_id) IS NOT '${IN_ORDER_PROFILE}')))))
      ORDER BY m.rowid LIMIT @limit`);
    this.markSending = db.prepare(
      `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = @now WHERE id = @id AND status IN ('queued', 'retry_wait')`,
    );
    this.written = db.prepare(
      `UPDATE messages SET status = 'delivered', delivered_at = @at, updated_at = @at WHERE id = @id AND status = 'sending'`,
    );
    // A reply can be processed before the write callback: delivery is then the moment of the reply.
    this.confirmed = db.prepare(
      `UPDATE messages SET status = 'confirmed', delivered_at = COALESCE(delivered_at, @at), confirmed_at = @at,
         gateway_reply = @reply, last_error = NULL, failing_phase = NULL, next_attempt_at = NULL, updated_at = @at
       WHERE id = @id AND status IN ('sending', 'delivered')`,
    );
    this.released = db.prepare(
      `UPDATE messages SET status = 'queued', attempts = attempts - 1, updated_at = @at WHERE id = @id AND status = 'sending'`,
    );
    this.retry = db.prepare(
      `UPDATE messages SET status = 'retry_wait', next_attempt_at = @nextAttemptAt, last_error = @error, failing_phase = @phase, updated_at = @at
       WHERE id = @id AND status IN ('sending', 'delivered')`,
    );
    this.failed = db.prepare(
      `UPDATE messages SET status = 'failed', failed_at = @at, next_attempt_at = NULL, last_error = @error, failing_phase = @phase, updated_at = @at
       WHERE id = @id AND status IN ('sending', 'delivered')`,
    );
    this.expired = db.prepare(
      `UPDATE messages SET status = 'expired', expired_at = @at, next_attempt_at = NULL, last_error = @error, failing_phase = @phase, updated_at = @at
       WHERE id = @id AND status IN ('sending', 'delivered')`,
    );
    // Waiting messages whose clinic day ended long enough ago: the reason keeps the last fault's words.
    this.expireWaiting = db.prepare(
      `UPDATE messages SET status = 'expired', expired_at = @at, next_attempt_at = NULL, updated_at = @at,
         last_error = 'The clinic day is over and it could not be delivered in time' ||
           COALESCE(': ' || last_error, '.')
       WHERE status IN ('queued', 'retry_wait') AND clinic_day_ends_at IS NOT NULL AND clinic_day_ends_at <= @cutoff
       RETURNING id`,
    );
    this.retryGatewayNow = db.prepare(
      `UPDATE messages SET next_attempt_at = @now, updated_at = @now
       WHERE gateway_id = @gatewayId AND status = 'retry_wait' AND next_attempt_at > @now`,
    );
    // An expiry is a moment to wake up for too, so a waiting message expires on time.
    this.nextDue = db.prepare(
      `SELECT (SELECT MIN(next_attempt_at) FROM messages WHERE status IN ('queued', 'retry_wait')) AS retry,
              (SELECT MIN(clinic_day_ends_at) FROM messages
                WHERE status IN ('queued', 'retry_wait') AND clinic_day_ends_at > @cutoff) AS dayEnd`,
    );
    this.audit = db.prepare(
      `INSERT INTO audit_events (at, actor, action, entity_type, entity_id, details) VALUES (@at, 'dispatcher', @action, 'message', @id, @details)`,
    );
  }

  /** Work cut off by a crash or quit: back to the queue, to be sent again under the same id. */
  recoverInterrupted(now: string): number {
    return this.db
      .prepare(
        `UPDATE messages SET status = 'queued', next_attempt_at = @now, updated_at = @now WHERE status IN ('sending', 'delivered')`,
      )
      .run({ now }).changes;
  }

  /** A claim is bookkeeping recovery undoes ('sending' is queued again at start): it needs no fsync. */
  claimDue(now: string, limit: number): ClaimedMessage[] {
    return this.withoutFsync(() =>
      this.db.transaction(() => {
        const rows = this.claimSelect.all({ now, limit }) as ClaimedMessage[];
        for (const row of rows) this.markSending.run({ id: row.id, now });
        return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
      })(),
    );
  }

  /**
   * Applies a batch of outcomes in one transaction; returns the ids that changed. A batch of only
   * 'written', 'released' and 'confirmed' is committed without an fsync: a power cut can lose it only
   * as a whole, leaving those messages 'sending' or 'delivered', which `recoverInterrupted` queues again
   * and the gateway answers from its own durable record (`exists`), storing nothing twice (ADR 0023,
   * integration/confirmation-lost.test.ts). A retry, failure or expiry makes the batch durable.
   */
  settle(batch: Settlement[]): string[] {
    const recoverable = batch.every(
      (s) => s.kind === 'written' || s.kind === 'released' || s.kind === 'confirmed',
    );
    const apply = () => this.apply(batch);
    return recoverable ? this.withoutFsync(apply) : apply();
  }

  private apply(batch: Settlement[]): string[] {
    return this.db.transaction(() => {
      const changed: string[] = [];
      for (const s of batch) {
        let changes = 0;
        if (s.kind === 'written') changes = this.written.run({ id: s.id, at: s.at }).changes;
        else if (s.kind === 'released') changes = this.released.run({ id: s.id, at: s.at }).changes;
        else if (s.kind === 'confirmed')
          changes = this.confirmed.run({ id: s.id, at: s.at, reply: JSON.stringify(s.reply) }).changes;
        else if (s.kind === 'retry') changes = this.retry.run(s).changes;
        else {
          const statement = s.kind === 'failed' ? this.failed : this.expired;
          changes = statement.run({ id: s.id, at: s.at, phase: s.phase, error: s.error }).changes;
          if (changes)
            this.audit.run({
              at: s.at,
              action: `message.${s.kind}`,
              id: s.id,
              details: JSON.stringify({ phase: s.phase }),
            });
        }
        if (changes) changed.push(s.id);
      }
      return changed;
    })();
  }

  /** Expires waiting messages whose clinic day ended before `cutoff`; returns their ids, audited. */
  expireDue(at: string, cutoff: string): string[] {
    return this.db.transaction(() => {
      const ids = (this.expireWaiting.all({ at, cutoff }) as { id: string }[]).map((r) => r.id);
      for (const id of ids)
        this.audit.run({ at, action: 'message.expired', id, details: JSON.stringify({ waiting: true }) });
      return ids;
    })();
  }

  /** A gateway just proved reachable: its waiting messages go now instead of after their backoff. */
  retryGatewayMessagesNow(gatewayId: string, now: string): number {
    return this.retryGatewayNow.run({ gatewayId, now }).changes;
  }

  /**
   * The next moment something is due: a retry, or the expiry of a waiting message, which comes
   * `expiresAfterDayMs` after its clinic day ends (`cutoff` is now less that span, as in expireDue).
   */
  nextDueAt(cutoff: string, expiresAfterDayMs: number): string | null {
    const { retry, dayEnd } = this.nextDue.get({ cutoff }) as { retry: string | null; dayEnd: string | null };
    const expiry = dayEnd ? new Date(Date.parse(dayEnd) + expiresAfterDayMs).toISOString() : null;
    if (!retry) return expiry;
    return expiry && expiry < retry ? expiry : retry;
  }
}

/**
 * Runs a write at `synchronous = NORMAL`, then restores the connection's setting. In WAL mode that
 * commit is appended to the log without an fsync; it is never reordered, so the next durable commit
 * (a send, a retry, a gateway's events) makes it durable too, and a power cut can only lose this tail,
 * whose messages `recoverInterrupted` sends again under the same ids (ADR 0023).
 */
export function bookkeepingCommit(db: Database.Database): <T>(work: () => T) => T {
  const setting = db.pragma('synchronous', { simple: true }) as number;
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const restore = db.prepare(`PRAGMA synchronous = ${setting}`);
  return (work) => {
    if (setting <= 1) return work(); // already NORMAL or OFF: nothing to relax
    normal.run();
    try {
      return work();
    } finally {
      restore.run();
    }
  };
}
