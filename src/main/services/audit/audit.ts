import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { preparedOnce } from '../../db/prepared';
import { auditEvents } from '../../db/schema';

type Tx = Pick<Db, 'insert'>;

interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: object;
}

const p = sql.placeholder;
const insertAudit = preparedOnce((db: Db) =>
  db
    .insert(auditEvents)
    .values({
      at: p('at'),
      actor: p('actor'),
      action: p('action'),
      entityType: p('entityType'),
      entityId: p('entityId'),
      details: p('details'),
    })
    .prepare(),
);

/**
 * Appends one audit row. Details carry ids and states only, never names or NHS numbers. Given the
 * database itself (inside a transaction of its connection), it uses a prepared statement: the hot path
 * of a send does so (ADR 0023, round 2); given a drizzle transaction, it builds the insert.
 */
export function appendAudit(tx: Tx | Db, entry: AuditEntry): void {
  const row = {
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
  if ('$client' in tx) insertAudit(tx).run(row);
  else tx.insert(auditEvents).values(row).run();
}

/**
 * The audit row of a staff action on an appointment (`appointment.<action>`): where its state went, then
 * what the action adds (ids and states only, like every audit detail).
 */
export function appendAppointmentAudit(
  tx: Tx | Db,
  entry: { at: Date; actor: string; action: string; appointmentId: string; from: string; to: string },
  details: object = {},
): void {
  appendAudit(tx, {
    at: entry.at,
    actor: entry.actor,
    action: `appointment.${entry.action}`,
    entityType: 'appointment',
    entityId: entry.appointmentId,
    details: { from: entry.from, to: entry.to, ...details },
  });
}
