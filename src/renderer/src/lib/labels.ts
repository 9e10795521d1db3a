import { APPOINTMENT_STATES, type AppointmentState } from '../../../shared/domain/appointment-state';
import type { ActionType, FailingPhase, MessageStatus, MessageType } from '../../../shared/domain/message';
import type { MessageSummary } from '../../../shared/ipc/views';

/** nhsuk-tag colour modifiers. A tag always carries its word too: colour is never the only signal. */
export type TagColour =
  'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export const APPOINTMENT_STATE_COLOURS: Record<AppointmentState, TagColour> = {
  scheduled: 'white',
  checked_in: 'blue',
  sent_to_modality: 'purple',
  in_progress: 'yellow',
  complete: 'green',
  discontinued: 'red',
  did_not_attend: 'orange',
  cancelled: 'grey',
};

export const MESSAGE_STATUS_COLOURS: Record<MessageStatus, TagColour> = {
  queued: 'grey',
  sending: 'blue',
  delivered: 'aqua-green',
  confirmed: 'green',
  retry_wait: 'yellow',
  failed: 'red',
  cancelled: 'white',
};

/** Plain words for where a delivery failed; the technical detail stays on the message's own page. */
export const FAILING_PHASE_LABELS: Record<FailingPhase, string> = {
  relay_unreachable: 'Relay unreachable',
  credentials_rejected: 'Relay credentials rejected',
  gateway_offline: 'Gateway offline',
  send_failed: 'Send failed',
  ack_timeout: 'Gateway did not confirm in time',
  rejected: 'Rejected by the gateway',
  destination_failed: 'Destination failed',
};

export const MESSAGE_TYPE_LABELS: Record<MessageType, string> = {
  WORKLIST: 'Worklist',
  FHIR: 'FHIR',
  HL7v2: 'HL7 v2',
};

export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  'worklist.create_item': 'Create worklist item',
  'worklist.update_status': 'Update worklist status',
  'message.deliver': 'Deliver message',
};

/** What the destination did with a message, as the gateway reported it. */
export const OUTCOME_LABELS: Record<NonNullable<MessageSummary['outcome']>, string> = {
  delivered: 'Delivered',
  rejected: 'Rejected',
  failed: 'Failed',
};

/** Short words for the clinic list's counts ("10 booked, 2 checked in, 1 sent"). */
const STATE_COUNT_WORDS: Record<AppointmentState, string> = {
  scheduled: 'booked',
  checked_in: 'checked in',
  sent_to_modality: 'sent',
  in_progress: 'in progress',
  complete: 'complete',
  discontinued: 'discontinued',
  did_not_attend: 'did not attend',
  cancelled: 'cancelled',
};

/** Counts in the order a clinic day runs, leaving out states nobody is in. */
export function formatStateCounts(counts: Partial<Record<AppointmentState, number>>): string {
  const parts = APPOINTMENT_STATES.flatMap((state) => {
    const count = counts[state] ?? 0;
    return count > 0 ? [`${count} ${STATE_COUNT_WORDS[state]}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'No appointments';
}

/** What went wrong with a message, in words staff can act on; falls back to the raw error text. */
export function describeFailure(message: {
  failingPhase: FailingPhase | null;
  lastError: string | null;
}): string {
  if (message.failingPhase) return FAILING_PHASE_LABELS[message.failingPhase];
  return message.lastError ?? '';
}
