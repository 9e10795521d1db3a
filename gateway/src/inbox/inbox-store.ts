import type { Db } from '../db/open';
import type { Reply } from 'modality-link-protocol';

export interface InboxRow {
  actionId: string;
  actionType: string;
  profile: string;
  workstationId: string | undefined;
  reply: Reply;
  destination?: string;
  /** Only for deliveries: what the destination needs, kept until the delivery is final. */
  parameters?: Record<string, unknown>;
}

export interface DueDelivery {
  actionId: string;
  actionType: string;
  workstationId: string | undefined;
  destination: string;
  parameters: Record<string, unknown>;
  attempts: number;
}

/**
 * The durable inbox: the dedup table of every committed action and the queue of pending deliveries.
 * Statements are prepared once; every method is synchronous so callers compose them in one transaction.
 */
export class InboxStore {
  private readonly find;
  private readonly insertRow;
  private readonly due;
  private readonly retry;
  private readonly finishRow;
  private readonly depthStmt;
  private readonly pruneStmt;
  private readonly nextDueStmt;
  private readonly hurryStmt;
  private readonly byDestinationStmt;

  constructor(private readonly db: Db) {
    this.find = db.prepare(`SELECT reply FROM inbox_actions WHERE action_id = ?`).pluck();
    this.insertRow = db.prepare(
      `INSERT INTO inbox_actions (action_id, action_type, profile, workstation_id, received_at, reply, destination, parameters, delivery_state, next_attempt_at, updated_at)
       VALUES (@actionId, @actionType, @profile, @workstationId, @now, @reply, @destination, @parameters, @state, @nextAttemptAt, @now)`,
    );
    // The first `perDestination` due rows of each destination (in-flight ones included: they stay
    // pending until recorded), so a destination with a long backlog cannot hide another's work.
    this.due = db.prepare(
      `SELECT action_id, action_type, workstation_id, destination, parameters, attempts FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY destination ORDER BY next_attempt_at, action_id) AS lane_position
         FROM inbox_actions WHERE delivery_state = 'pending' AND next_attempt_at <= ?)
       WHERE lane_position <= ? ORDER BY next_attempt_at`,
    );
    this.nextDueStmt = db
      .prepare(`SELECT MIN(next_attempt_at) FROM inbox_actions WHERE delivery_state = 'pending'`)
      .pluck();
    this.retry = db.prepare(
      `UPDATE inbox_actions SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE action_id = ? AND delivery_state = 'pending'`,
    );
    this.finishRow = db.prepare(
      `UPDATE inbox_actions SET delivery_state = ?, attempts = attempts + 1, parameters = NULL, next_attempt_at = NULL, last_error = ?, updated_at = ?
       WHERE action_id = ? AND delivery_state = 'pending'`,
    );
    this.hurryStmt = db.prepare(
      `UPDATE inbox_actions SET next_attempt_at = ? WHERE delivery_state = 'pending' AND destination = ? AND next_attempt_at > ?`,
    );
    this.byDestinationStmt = db.prepare(
      `SELECT destination, COUNT(*) AS pending, SUM(attempts > 0) AS retrying, MAX(attempts) AS most_attempts
       FROM inbox_actions WHERE delivery_state = 'pending' GROUP BY destination ORDER BY destination`,
    );
    this.depthStmt = db
      .prepare(`SELECT COUNT(*) FROM inbox_actions WHERE delivery_state = 'pending'`)
      .pluck();
    this.pruneStmt = db.prepare(
      `DELETE FROM inbox_actions WHERE received_at < ? AND (delivery_state IS NULL OR delivery_state != 'pending')`,
    );
  }

  /** The reply given when this action id was first committed, if it was. */
  storedReply(actionId: string): Reply | undefined {
    const text = this.find.get(actionId) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as Reply);
  }

  insert(row: InboxRow, now = Date.now()): void {
    const delivery = row.destination !== undefined && row.parameters !== undefined;
    this.insertRow.run({
      actionId: row.actionId,
      actionType: row.actionType,
      profile: row.profile,
      workstationId: row.workstationId ?? null,
      now,
      reply: JSON.stringify(row.reply),
      destination: row.destination ?? null,
      parameters: delivery ? JSON.stringify(row.parameters) : null,
      state: delivery ? 'pending' : null,
      nextAttemptAt: delivery ? now : null,
    });
  }

  /** Due deliveries, at most `perDestination` per destination, earliest first. */
  dueDeliveries(now: number, perDestination: number): DueDelivery[] {
    const rows = this.due.all(now, perDestination) as Array<{
      action_id: string;
      action_type: string;
      workstation_id: string | null;
      destination: string;
      parameters: string;
      attempts: number;
    }>;
    return rows.map((r) => ({
      actionId: r.action_id,
      actionType: r.action_type,
      workstationId: r.workstation_id ?? undefined,
      destination: r.destination,
      parameters: JSON.parse(r.parameters) as Record<string, unknown>,
      attempts: r.attempts,
    }));
  }

  /** Earliest next attempt among pending deliveries, for the worker's timer. */
  nextDueAt(): number | undefined {
    const at = this.nextDueStmt.get() as number | null;
    return at ?? undefined;
  }

  scheduleRetry(actionId: string, at: number, error: string, now = Date.now()): void {
    this.retry.run(at, error, now, actionId);
  }

  finish(
    actionId: string,
    state: 'delivered' | 'rejected' | 'failed',
    error: string | undefined,
    now = Date.now(),
  ): boolean {
    return this.finishRow.run(state, error ?? null, now, actionId).changes > 0;
  }

  /** Brings every pending delivery to `destination` forward to now; returns how many moved. */
  hurry(destination: string, now = Date.now()): number {
    return this.hurryStmt.run(now, destination, now).changes;
  }

  /** Pending deliveries per destination, how many have failed at least once, and the most attempts. */
  pendingByDestination(): Record<string, { pending: number; retrying: number; most_attempts: number }> {
    const rows = this.byDestinationStmt.all() as Array<{
      destination: string;
      pending: number;
      retrying: number;
      most_attempts: number;
    }>;
    return Object.fromEntries(rows.map(({ destination, ...counts }) => [destination, counts]));
  }

  /** Deliveries still to make: the "inbox depth" in health. */
  depth(): number {
    return this.depthStmt.get() as number;
  }

  /** Forgets finished rows received before `before`; after that a resend of such an old id is new again. */
  prune(before: number): number {
    return this.pruneStmt.run(before).changes;
  }

  get database(): Db {
    return this.db;
  }
}
