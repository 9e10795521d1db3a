/**
 * Every action the audit log records, with the words staff read for it. One list for the appointment
 * timeline, the Audit log screen and its filter, so they always agree (a test checks every appointment
 * action has its words).
 */
export const AUDIT_ACTION_LABELS = {
  'appointment.checkIn': 'Checked in',
  'appointment.undoCheckIn': 'Check-in undone',
  'appointment.markDidNotAttend': 'Marked as did not attend',
  'appointment.sendToModality': 'Sent to modality',
  'appointment.resend': 'Sent to modality again',
  'appointment.cancel': 'Appointment cancelled',
  'appointment.startProcedure': 'Procedure started',
  'appointment.complete': 'Procedure completed',
  'appointment.discontinue': 'Procedure discontinued',
  'appointment.recordComplete': 'Recorded as complete by hand',
  'appointment.recordDiscontinued': 'Recorded as discontinued by hand',
  'message.retryNow': 'Message sent again by staff',
  'message.cancel': 'Message cancelled by staff',
  'message.failed': 'Message could not be delivered',
  'message.expired': 'Message given up after the clinic day',
  'clinic.manualModeOn': 'Clinic switched to manual mode',
  'clinic.manualModeOff': 'Clinic switched back from manual mode',
  'clinic.listImported': 'Clinic list imported from a file',
  'gateway.created': 'Gateway added',
  'gateway.updated': 'Gateway settings changed',
  'gateway.rehearse': 'Pre-clinic rehearsal run',
  'workstation.staffChanged': 'Said who is using the workstation',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];

/** The staff words for an action; an action from a newer version shows as recorded rather than vanish. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** Who did it, in words: the dispatcher and the gateway are the app's own parts, not people. */
export function auditActorLabel(actor: string): string {
  if (actor === 'dispatcher') return 'Modality Link (automatic)';
  if (actor === 'gateway') return 'The modality, through the gateway';
  return actor;
}
