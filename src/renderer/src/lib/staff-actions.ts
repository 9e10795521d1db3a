import {
  STAFF_ACTIONS,
  canApply,
  type AppointmentState,
  type StaffAction,
} from '#shared/domain/appointment-state';
import type { ClinicSummary, GatewayView } from '#shared/ipc/views';

/** Recording what happened at the modality by hand (the manual fallback). */
export type OutcomeAction = 'recordComplete' | 'recordDiscontinued';
/** Everything a row (or the appointment screen) can offer. */
export type RowAction = StaffAction | OutcomeAction;

/**
 * Everything the clinic screen says about one staff action. Accessible names carry the
 * participant's name because a screen-reader user tabbing through a clinic day otherwise hears
 * "Check in, Check in, Check in…" with no way to tell the rows apart.
 */
export interface StaffActionText {
  /** Visible button text. */
  label: string;
  /** Accessible name, e.g. "Send Jane Smith to modality". */
  accessibleName: (name: string) => string;
  /** Announced in the live region after success. */
  done: (name: string) => string;
  /** Starts the error summary line; main's message follows. */
  failure: string;
  /** The next step in a clinic is primary; the others are secondary buttons. */
  primary: boolean;
}

export const STAFF_ACTION_TEXT: Record<RowAction, StaffActionText> = {
  checkIn: {
    label: 'Check in',
    accessibleName: (name) => `Check in ${name}`,
    done: (name) => `${name} checked in`,
    failure: 'Cannot check in',
    primary: true,
  },
  sendToModality: {
    label: 'Send to modality',
    accessibleName: (name) => `Send ${name} to modality`,
    done: (name) => `${name} sent to modality`,
    failure: 'Cannot send to modality',
    primary: true,
  },
  resend: {
    label: 'Resend',
    accessibleName: (name) => `Resend ${name} to modality`,
    done: (name) => `${name} sent to modality again`,
    failure: 'Cannot resend to modality',
    primary: false,
  },
  markDidNotAttend: {
    label: 'Did not attend',
    accessibleName: (name) => `Mark ${name} as did not attend`,
    done: (name) => `${name} marked as did not attend`,
    failure: 'Cannot mark as did not attend',
    primary: false,
  },
  recordComplete: {
    label: 'Record as complete',
    accessibleName: (name) => `Record ${name} as complete`,
    done: (name) => `${name} recorded as complete`,
    failure: 'Cannot record as complete',
    primary: true,
  },
  recordDiscontinued: {
    label: 'Record as discontinued',
    accessibleName: (name) => `Record ${name} as discontinued`,
    done: (name) => `${name} recorded as discontinued`,
    failure: 'Cannot record as discontinued',
    primary: false,
  },
};

/** The actions to offer for an appointment, in display order; the shared state machine decides. */
export function availableStaffActions(state: AppointmentState): StaffAction[] {
  return STAFF_ACTIONS.filter((action) => canApply(action, state));
}

/**
 * Whether staff may record outcomes by hand, and why:
 * - `manual`: the clinic is in manual mode, so nothing is sent and every outcome is recorded by hand;
 * - `gateway_down`: the clinic's gateway is not connected and its last attempt failed, so a
 *   participant already sent (whose procedure may have happened while the link was down) can be
 *   finished by hand;
 * - `off`: the modality reports outcomes itself.
 */
export type OutcomeRecording = 'manual' | 'gateway_down' | 'off';

/** A gateway that is not connected now and failed when last tried (not one still starting up). */
export function isGatewayDown(gateway: Pick<GatewayView, 'connection'> | null | undefined): boolean {
  if (!gateway) return false;
  return gateway.connection.failingPhase !== null && gateway.connection.state !== 'ready';
}

export function outcomeRecording(
  clinic: Pick<ClinicSummary, 'manualMode' | 'gatewayId'>,
  gateway: Pick<GatewayView, 'id' | 'connection'> | null | undefined,
): OutcomeRecording {
  if (clinic.manualMode) return 'manual';
  if (gateway && clinic.gatewayId !== null && gateway.id === clinic.gatewayId && isGatewayDown(gateway))
    return 'gateway_down';
  return 'off';
}

const OUTCOME_ACTIONS: readonly OutcomeAction[] = ['recordComplete', 'recordDiscontinued'];

export function isOutcomeAction(action: RowAction): action is OutcomeAction {
  return (OUTCOME_ACTIONS as readonly RowAction[]).includes(action);
}
/** With the gateway down, only participants already at the modality are finished by hand. */
const AT_MODALITY: ReadonlySet<AppointmentState> = new Set(['sent_to_modality', 'in_progress']);
/** Nothing goes to the modality from a clinic in manual mode, so these are not offered. */
const SENDING: ReadonlySet<StaffAction> = new Set(['sendToModality', 'resend']);

/**
 * Everything to offer for an appointment, in display order: the staff actions the shared state
 * machine allows (without sending in manual mode), then recording the outcome by hand when
 * `recording` allows it for this state.
 */
export function availableRowActions(state: AppointmentState, recording: OutcomeRecording): RowAction[] {
  const staff = availableStaffActions(state).filter(
    (action) => recording !== 'manual' || !SENDING.has(action),
  );
  const outcomes =
    recording === 'off' || (recording === 'gateway_down' && !AT_MODALITY.has(state))
      ? []
      : OUTCOME_ACTIONS.filter((action) => canApply(action, state));
  return [...staff, ...outcomes];
}

/**
 * "Cannot send to modality: <main's message>", without saying it twice when main's message
 * already starts that way (the shared state machine's messages do).
 */
export function failureMessage(prefix: string, message: string): string {
  const trimmed = message.trim();
  return trimmed.toLowerCase().startsWith(prefix.toLowerCase()) ? trimmed : `${prefix}: ${trimmed}`;
}
