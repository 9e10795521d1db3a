import {
  STAFF_ACTIONS,
  canApply,
  type AppointmentState,
  type StaffAction,
} from '../../../shared/domain/appointment-state';

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

export const STAFF_ACTION_TEXT: Record<StaffAction, StaffActionText> = {
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
};

/** The actions to offer for an appointment, in display order; the shared state machine decides. */
export function availableStaffActions(state: AppointmentState): StaffAction[] {
  return STAFF_ACTIONS.filter((action) => canApply(action, state));
}

/**
 * "Cannot send to modality: <main's message>", without saying it twice when main's message
 * already starts that way (the shared state machine's messages do).
 */
export function failureMessage(prefix: string, message: string): string {
  const trimmed = message.trim();
  return trimmed.toLowerCase().startsWith(prefix.toLowerCase()) ? trimmed : `${prefix}: ${trimmed}`;
}
