import { APPOINTMENT_STATES, type AppointmentState } from '#shared/domain/appointment-state';
import {
  MESSAGE_TYPE_NAMES,
  type ActionType,
  type FailingPhase,
  type MessageStatus,
  type MessageType,
} from '#shared/domain/message';
import type { GatewayView, MessageSummary, TimelineEntry } from '#shared/ipc/views';

/** nhsuk-tag colour modifiers. A tag always carries its word too: colour is never the only signal. */
export type TagColour =
  'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

/**
 * Appointment states as the clinic day is watched: blue while the participant is at the modality,
 * green when complete, red when discontinued, orange for did not attend. Each colour is used once,
 * so the states still differ at a glance when the tags sit in a column.
 */
export const APPOINTMENT_STATE_COLOURS: Record<AppointmentState, TagColour> = {
  scheduled: 'white',
  checked_in: 'yellow',
  sent_to_modality: 'purple',
  in_progress: 'blue',
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
  expired: 'orange',
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

/** Staff words for a message type (the codes stay on the message's own page, for IT). */
export const MESSAGE_TYPE_LABELS: Record<MessageType, string> = MESSAGE_TYPE_NAMES;

export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  'worklist.create_item': 'Create worklist item',
  'worklist.update_status': 'Update worklist status',
  'message.deliver': 'Deliver message',
};

export type MessageOutcome = NonNullable<MessageSummary['outcome']>;

/** What the destination did with a message, as the gateway reported it. */
export const OUTCOME_LABELS: Record<MessageOutcome, string> = {
  delivered: 'Delivered to destination',
  rejected: 'Rejected by destination',
  failed: 'Destination failed',
};

export const OUTCOME_COLOURS: Record<MessageOutcome, TagColour> = {
  delivered: 'green',
  rejected: 'red',
  failed: 'red',
};

export type ConnectionState = GatewayView['connection']['state'];

/**
 * The relay session to a gateway, in one word staff can act on. `closed` (a session that ended) and
 * `idle` (none yet) mean the same thing to them: messages are not getting through right now.
 */
export const CONNECTION_STATE_LABELS: Record<ConnectionState, string> = {
  ready: 'Connected',
  connecting: 'Connecting',
  idle: 'Not connected',
  closed: 'Not connected',
};

export const CONNECTION_STATE_COLOURS: Record<ConnectionState, TagColour> = {
  ready: 'green',
  connecting: 'yellow',
  idle: 'grey',
  closed: 'grey',
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

/**
 * A gateway's last connection problem as a warning staff can act on ("The gateway at Alpha Hospital
 * Trust is offline. Messages will be sent when it reconnects."), or null when there is none. The
 * title is the short phase label; the raw error stays in the gateway's summary list for IT.
 */
export function describeGatewayProblem(gateway: Pick<GatewayView, 'providerName' | 'connection'>): {
  title: string;
  text: string;
} | null {
  const { lastError, failingPhase } = gateway.connection;
  if (lastError === null && failingPhase === null) return null;
  const at = `The gateway at ${gateway.providerName}`;
  const title = failingPhase ? FAILING_PHASE_LABELS[failingPhase] : 'Connection problem';
  switch (failingPhase) {
    case 'gateway_offline':
      return { title, text: `${at} is offline. Messages will be sent when it reconnects.` };
    case 'credentials_rejected':
      return {
        title,
        text: `${at} refused this workstation's credentials. Ask an administrator to check the relay key and enrolment.`,
      };
    case 'relay_unreachable':
      return { title, text: 'The relay cannot be reached. Check the network connection.' };
    case 'ack_timeout':
      return { title, text: `${at} is not answering. Messages will be retried.` };
    default:
      return { title, text: lastError ?? title };
  }
}

export type TimelineKind = TimelineEntry['kind'];

/** What kind of thing happened, in words: screen readers hear it before each timeline entry. */
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  appointment: 'Appointment',
  message: 'Message',
  procedure: 'Modality',
  image: 'Image',
  manual: 'Recorded by hand',
};

/** What a clinic in manual mode means, in the words staff see on its screens. */
export const MANUAL_MODE_TEXT =
  'Manual mode: outcomes are recorded by hand. Nothing is sent to the modality from this clinic.';
