import type { MessageType } from '#shared/domain/message';
import type { AppointmentView, DeliveryAlert } from '#shared/ipc/views';
import { FAILING_PHASE_LABELS } from './labels';

/** What a route not getting through means to clinic staff: the place the participant is missing from. */
export const NOT_THERE_YET: Record<MessageType, string> = {
  WORKLIST: 'Not on the worklist yet',
  FHIR: "Not sent to the hospital's records system yet",
  HL7v2: "Not sent to the hospital's records system yet",
};

const GIVEN_UP = new Set<DeliveryAlert['status']>(['failed', 'expired']);

/** Whether staff should be told now: at once when it was given up on, else once it is overdue. */
export function isShown(alert: DeliveryAlert, now: number): boolean {
  return (
    GIVEN_UP.has(alert.status) ||
    alert.failingPhase === 'destination_failed' ||
    Date.parse(alert.dueAt) <= now
  );
}

export function shownAlerts(
  appointment: Pick<AppointmentView, 'deliveryAlerts'>,
  now: number,
): DeliveryAlert[] {
  return appointment.deliveryAlerts.filter((alert) => isShown(alert, now));
}

/** The next moment an alert not yet shown becomes due, so the screen can update itself then. */
export function nextAlertDue(
  appointments: Pick<AppointmentView, 'deliveryAlerts'>[],
  now: number,
): number | null {
  let next: number | null = null;
  for (const appointment of appointments)
    for (const alert of appointment.deliveryAlerts) {
      const due = Date.parse(alert.dueAt);
      if (!isShown(alert, now) && (next === null || due < next)) next = due;
    }
  return next;
}

/** Gateway and destination texts do not always end a sentence; the advice that follows starts one. */
const sentence = (text: string) => (/[.!?)]$/.test(text) ? text : `${text}.`);

/** Why it is not there, and what staff can do about it, in their words. */
export function alertReason(alert: DeliveryAlert): string {
  const phase = alert.failingPhase ? FAILING_PHASE_LABELS[alert.failingPhase] : null;
  if (alert.status === 'expired')
    return `${sentence(alert.lastError ?? 'It could not be delivered before the clinic day ended')} Use Resend if the participant is still to be imaged.`;
  if (alert.status === 'failed')
    return `${sentence(alert.lastError ?? 'The gateway refused it')} It will not be tried again: ask IT to correct the problem, then use Resend.`;
  if (alert.failingPhase === 'destination_failed')
    return `The gateway could not deliver it${alert.lastError ? `: ${alert.lastError}` : '.'} Ask IT to check the hospital system.`;
  // Queued behind this participant's earlier message (orders go in the order they were made).
  if (alert.attempts === 0)
    return "Waiting its turn: it goes once this participant's earlier message is sent.";
  const tries = alert.attempts === 1 ? '1 attempt' : `${alert.attempts} attempts`;
  if (!phase) return `Still being sent (${tries} so far).`;
  return `${phase}. Still trying (${tries} so far): it will be sent as soon as the gateway can be reached.`;
}
