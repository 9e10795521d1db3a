import type { MessageStatus, MessageType } from '#shared/domain/message';
import type { DeliveryAlert } from '#shared/ipc/views';

/**
 * How long a participant's order may stay unconfirmed before staff are told it has not reached its
 * destination. The worklist is what a clinic waits on: 30 s is several retries, yet short enough to
 * act before the participant is at the machine. `MODALITY_LINK_DELIVERY_ALERT_SECONDS` changes it.
 */
export function deliveryAlertMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.MODALITY_LINK_DELIVERY_ALERT_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}

export interface AlertSourceRow {
  id: string;
  appointmentId: string | null;
  type: MessageType;
  actionType: string;
  status: MessageStatus;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  failingPhase: DeliveryAlert['failingPhase'];
  outcome: 'delivered' | 'rejected' | 'failed' | null;
}

/**
 * Per route, the appointment's latest order that has not reached its destination: still unconfirmed,
 * given up on, or confirmed but refused by the destination. Rows in creation order; cancelled ones
 * (superseded by a resend) do not count, and neither do status updates, which follow an order that
 * is already there.
 */
export function deliveryAlerts(rows: AlertSourceRow[], alertAfterMs: number): DeliveryAlert[] {
  const latest = new Map<MessageType, AlertSourceRow>();
  for (const row of rows) {
    if (row.status === 'cancelled' || row.actionType === 'worklist.update_status') continue;
    latest.set(row.type, row);
  }
  const alerts: DeliveryAlert[] = [];
  for (const row of latest.values()) {
    const reachedDestination =
      row.status === 'confirmed' && row.outcome !== 'failed' && row.outcome !== 'rejected';
    if (reachedDestination) continue;
    alerts.push({
      messageId: row.id,
      messageType: row.type,
      status: row.status,
      attempts: row.attempts,
      sinceAt: row.createdAt,
      dueAt: new Date(Date.parse(row.createdAt) + alertAfterMs).toISOString(),
      failingPhase:
        row.outcome === 'failed' || row.outcome === 'rejected' ? 'destination_failed' : row.failingPhase,
      lastError: row.lastError,
    });
  }
  return alerts;
}
