import type { Db } from '../db/open';
import type { GatewayEvent } from 'modality-link-protocol';

export interface OutboxEvent {
  seq: number;
  workstationId: string | undefined;
  event: GatewayEvent;
}

/**
 * Events waiting for a workstation's acknowledgement. An event aimed at a workstation (the one whose
 * session sent the action) goes only to that workstation's sessions; an event with no workstation
 * (an action that came in over nhs-gateway/1 or poc-five, a modality event) goes to every session and
 * the first ack settles it. Unacknowledged events are pushed again on every connect.
 */
export class EventOutbox {
  private readonly insertStmt;
  private readonly pendingStmt;
  private readonly ackStmt;
  private readonly depthStmt;
  private readonly unackedStmt;
  private readonly pruneStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO event_outbox (event_id, workstation_id, event, created_at) VALUES (?, ?, ?, ?)`,
    );
    this.pendingStmt = db.prepare(
      `SELECT seq, workstation_id, event FROM event_outbox
       WHERE acked_at IS NULL AND seq > ? AND (workstation_id IS NULL OR workstation_id = ?) ORDER BY seq LIMIT ?`,
    );
    this.ackStmt = db.prepare(`UPDATE event_outbox SET acked_at = ? WHERE event_id = ? AND acked_at IS NULL`);
    this.unackedStmt = db.prepare(`SELECT acked_at IS NULL FROM event_outbox WHERE event_id = ?`).pluck();
    this.depthStmt = db.prepare(`SELECT COUNT(*) FROM event_outbox WHERE acked_at IS NULL`).pluck();
    this.pruneStmt = db.prepare(`DELETE FROM event_outbox WHERE acked_at IS NOT NULL AND acked_at < ?`);
    this.ackMany = db.transaction((ids: string[], now: number) =>
      ids.reduce((n, id) => n + this.ackStmt.run(now, id).changes, 0),
    );
  }

  private readonly ackMany: (ids: string[], now: number) => number;

  add(event: GatewayEvent, workstationId: string | undefined, now = Date.now()): void {
    this.insertStmt.run(event.event_id, workstationId ?? null, JSON.stringify(event), now);
  }

  /** Unacknowledged events this workstation may receive, after `afterSeq`, oldest first. */
  pendingFor(workstationId: string, afterSeq: number, limit: number): OutboxEvent[] {
    const rows = this.pendingStmt.all(afterSeq, workstationId, limit) as Array<{
      seq: number;
      workstation_id: string | null;
      event: string;
    }>;
    return rows.map((r) => ({
      seq: r.seq,
      workstationId: r.workstation_id ?? undefined,
      event: JSON.parse(r.event) as GatewayEvent,
    }));
  }

  isUnacked(eventId: string): boolean {
    return this.unackedStmt.get(eventId) === 1;
  }

  /** Marks events acknowledged (one transaction); returns how many were newly acknowledged. */
  ack(eventIds: string[], now = Date.now()): number {
    return this.ackMany(eventIds, now);
  }

  depth(): number {
    return this.depthStmt.get() as number;
  }

  prune(before: number): number {
    return this.pruneStmt.run(before).changes;
  }
}
