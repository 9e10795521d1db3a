import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { messages } from '../../db/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Cancels an appointment's messages that have not gone out yet (queued or waiting to retry), with the
 * reason staff will read, and returns their ids. Messages already written to the relay are history and
 * stay as they are.
 */
export function cancelPendingMessages(tx: Tx, appointmentId: string, reason: string, at: string): string[] {
  const ids = tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.appointmentId, appointmentId), inArray(messages.status, ['queued', 'retry_wait'])))
    .all()
    .map((m) => m.id);
  if (ids.length > 0) {
    tx.update(messages)
      .set({ status: 'cancelled', nextAttemptAt: null, lastError: reason, updatedAt: at })
      .where(inArray(messages.id, ids))
      .run();
  }
  return ids;
}
