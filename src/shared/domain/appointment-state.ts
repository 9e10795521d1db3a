/**
 * The appointment state machine: one table of actions, each allowed from a fixed set of states.
 * Main enforces it inside the write transaction; the renderer uses the same table to decide which
 * buttons to offer, so the two can never disagree.
 */
export const APPOINTMENT_STATES = [
  'scheduled',
  'checked_in',
  'sent_to_modality',
  'in_progress',
  'complete',
  'discontinued',
  'did_not_attend',
  'cancelled',
] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];

export const APPOINTMENT_STATE_LABELS: Record<AppointmentState, string> = {
  scheduled: 'Scheduled',
  checked_in: 'Checked in',
  sent_to_modality: 'Sent to modality',
  in_progress: 'In progress',
  complete: 'Complete',
  discontinued: 'Discontinued',
  did_not_attend: 'Did not attend',
  cancelled: 'Cancelled',
};

interface TransitionRule {
  from: readonly AppointmentState[];
  to: AppointmentState;
  label: string;
  /** How the action reads in "Cannot …" messages. */
  verb: string;
}

/** How a state reads after "the appointment is …", for error messages staff can act on. */
const STATE_PHRASES: Record<AppointmentState, string> = {
  scheduled: 'scheduled and not yet checked in',
  checked_in: 'checked in',
  sent_to_modality: 'already sent to the modality',
  in_progress: 'in progress at the modality',
  complete: 'complete',
  discontinued: 'discontinued',
  did_not_attend: 'marked as did not attend',
  cancelled: 'cancelled',
};

export const APPOINTMENT_ACTIONS = {
  checkIn: { from: ['scheduled', 'did_not_attend'], to: 'checked_in', label: 'Check in', verb: 'check in' },
  undoCheckIn: { from: ['checked_in'], to: 'scheduled', label: 'Undo check in', verb: 'undo the check-in' },
  sendToModality: {
    from: ['checked_in'],
    to: 'sent_to_modality',
    label: 'Send to modality',
    verb: 'send to modality',
  },
  // A resend keeps the state and the accession number; it only queues the messages again.
  resend: { from: ['sent_to_modality'], to: 'sent_to_modality', label: 'Resend', verb: 'resend' },
  markDidNotAttend: {
    from: ['scheduled', 'checked_in'],
    to: 'did_not_attend',
    label: 'Did not attend',
    verb: 'mark as did not attend',
  },
  cancel: {
    from: ['scheduled', 'checked_in', 'sent_to_modality'],
    to: 'cancelled',
    label: 'Cancel',
    verb: 'cancel',
  },
  startProcedure: {
    from: ['sent_to_modality'],
    to: 'in_progress',
    label: 'Procedure started',
    verb: 'start the procedure',
  },
  complete: {
    from: ['sent_to_modality', 'in_progress'],
    to: 'complete',
    label: 'Complete',
    verb: 'complete',
  },
  discontinue: {
    from: ['sent_to_modality', 'in_progress'],
    to: 'discontinued',
    label: 'Discontinue',
    verb: 'discontinue',
  },
  // Manual fallback: staff record what happened at the modality by hand (audited as such).
  recordComplete: {
    from: ['checked_in', 'sent_to_modality', 'in_progress'],
    to: 'complete',
    label: 'Record as complete',
    verb: 'record as complete',
  },
  recordDiscontinued: {
    from: ['checked_in', 'sent_to_modality', 'in_progress'],
    to: 'discontinued',
    label: 'Record as discontinued',
    verb: 'record as discontinued',
  },
} as const satisfies Record<string, TransitionRule>;

export type AppointmentAction = keyof typeof APPOINTMENT_ACTIONS;

export type TransitionResult = { ok: true; to: AppointmentState } | { ok: false; message: string };

export function canApply(action: AppointmentAction, from: AppointmentState): boolean {
  return (APPOINTMENT_ACTIONS[action].from as readonly AppointmentState[]).includes(from);
}

const FINISHED = 'The appointment is finished: nothing more can be sent or changed.';

/**
 * What staff can do instead, when an action meets a state it cannot leave (usually a screen that was
 * a moment behind, or a double click): the next step in their words, never a dead end.
 */
const ADVICE: Partial<Record<AppointmentAction, Partial<Record<AppointmentState, string>>>> = {
  sendToModality: {
    scheduled: 'Check the participant in first.',
    did_not_attend: 'Check the participant in first if they have arrived.',
    sent_to_modality: 'Use Resend if the machine did not receive it.',
    in_progress: 'The modality has started the procedure: nothing needs sending.',
    complete: FINISHED,
    discontinued: FINISHED,
    cancelled: FINISHED,
  },
  resend: {
    scheduled: 'Check the participant in, then send them to the modality.',
    checked_in: 'Use Send to modality: nothing has been sent yet.',
    in_progress: 'The modality has started the procedure: nothing needs sending.',
  },
  checkIn: {
    checked_in: 'Nothing more to do: send them to the modality when they are ready.',
    sent_to_modality: 'They have been sent to the modality already.',
    in_progress: 'They are at the modality now.',
  },
  markDidNotAttend: {
    sent_to_modality: 'They have been sent to the modality: record the outcome instead.',
    in_progress: 'They are at the modality now.',
    did_not_attend: 'Nothing more to do.',
  },
};

export function applyAction(action: AppointmentAction, from: AppointmentState): TransitionResult {
  const rule = APPOINTMENT_ACTIONS[action];
  if (canApply(action, from)) return { ok: true, to: rule.to };
  const allowed = rule.from.map((s) => APPOINTMENT_STATE_LABELS[s].toLowerCase()).join(' or ');
  const next = ADVICE[action]?.[from];
  return {
    ok: false,
    message: next
      ? `Cannot ${rule.verb}: the appointment is ${STATE_PHRASES[from]}. ${next}`
      : `Cannot ${rule.verb}: the appointment is ${STATE_PHRASES[from]} (it must be ${allowed}).`,
  };
}

/** Actions a member of staff may take from the clinic screen, in display order. */
export const STAFF_ACTIONS = ['checkIn', 'sendToModality', 'resend', 'markDidNotAttend'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];
