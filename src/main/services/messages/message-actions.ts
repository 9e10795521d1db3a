import { eq, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { MessageSummary } from '#shared/ipc/views';
import { messages } from '../../db/schema';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { listMessageSummaries } from '../views';

/**
 * Staff actions on one outbox message. "Retry now" puts a waiting or failed message at the front of
 * the queue under the same id (so the gateway can deduplicate); "Cancel" stops a message that has not
 * been accepted yet. Both are audited.
 */
export function retryMessageNow(ctx: ServiceContext, messageId: string): MessageSummary {
  return change(ctx, messageId, 'message.retryNow', ['retry_wait', 'failed', 'expired'], 'retry', (at) => ({
    status: 'queued' as const,
    nextAttemptAt: at,
    failedAt: null,
    expiredAt: null,
    // Staff retrying an expired message take it on again: it gets another day before it expires.
    clinicDayEndsAt: sql`CASE WHEN ${messages.status} = 'expired' THEN ${at} ELSE ${messages.clinicDayEndsAt} END`,
    updatedAt: at,
  }));
}

export function cancelMessage(ctx: ServiceContext, messageId: string): MessageSummary {
  const cancellable = ['queued', 'retry_wait', 'failed', 'expired'];
  return change(ctx, messageId, 'message.cancel', cancellable, 'cancel', (at) => ({
    status: 'cancelled' as const,
    nextAttemptAt: null,
    updatedAt: at,
  }));
}

function change(
  ctx: ServiceContext,
  messageId: string,
  action: string,
  allowed: string[],
  verb: string,
  values: (at: string) => SQLiteUpdateSetSource<typeof messages>,
): MessageSummary {
  const now = ctx.now();
  const at = now.toISOString();
  ctx.db.transaction((tx) => {
    const row = tx.select({ status: messages.status }).from(messages).where(eq(messages.id, messageId)).get();
    if (!row) throw new DomainError('not_found', 'That message no longer exists.');
    if (!allowed.includes(row.status)) {
      throw new DomainError(
        'invalid_transition',
        `Cannot ${verb} a message that is ${row.status.replace('_', ' ')}.`,
      );
    }
    tx.update(messages).set(values(at)).where(eq(messages.id, messageId)).run();
    appendAudit(tx, {
      at: now,
      actor: ctx.actor,
      action,
      entityType: 'message',
      entityId: messageId,
      details: { from: row.status },
    });
  });
  const [summary] = listMessageSummaries(ctx.db, { ids: [messageId] });
  if (!summary) throw new DomainError('not_found', 'That message no longer exists.');
  ctx.events.emit('message.changed', summary);
  ctx.onMessagesQueued();
  return summary;
}
