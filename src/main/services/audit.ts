import type { Db } from '../db/open-database';
import { auditEvents } from '../db/schema';

type Tx = Pick<Db, 'insert'>;

/** Appends one audit row. Details carry ids and states only, never names or NHS numbers. */
export function appendAudit(
  tx: Tx,
  entry: { at: Date; actor: string; action: string; entityType: string; entityId: string; details?: object },
): void {
  tx.insert(auditEvents)
    .values({
      at: entry.at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .run();
}
