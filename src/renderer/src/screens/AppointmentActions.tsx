import { useEffect, useRef } from 'react';
import type { StaffAction } from '../../../shared/domain/appointment-state';
import type { AppointmentView } from '../../../shared/ipc/views';
import { participantName } from '../lib/format';
import { STAFF_ACTION_TEXT, availableStaffActions } from '../lib/staff-actions';

interface AppointmentActionsProps {
  appointment: AppointmentView;
  busy: boolean;
  onAction: (action: StaffAction, appointment: AppointmentView) => void;
}

export function AppointmentActions({ appointment, busy, onAction }: AppointmentActionsProps) {
  const name = participantName(appointment.participant);
  const actions = availableStaffActions(appointment.state);
  const container = useRef<HTMLDivElement>(null);
  const actedHere = useRef(false);
  // True while focus is in this row or was lost from it (a removed button fires no useful blur).
  const ownsFocus = useRef(false);

  // The button just pressed usually disappears with the new state (Check in → Send to modality).
  // Keep keyboard users in the row by focusing its next action instead of dropping them on <body>,
  // but never pull focus back if they have moved on to another row meanwhile.
  useEffect(() => {
    if (!actedHere.current) return;
    // The change event can beat the call's result, so this may run while the row is still busy.
    if (!busy) actedHere.current = false;
    const focusLost = document.activeElement === document.body || document.activeElement === null;
    if (ownsFocus.current && focusLost) container.current?.querySelector('button')?.focus();
  }, [busy, appointment.state]);

  if (actions.length === 0) return null;
  return (
    <div
      className="app-row-actions"
      ref={container}
      onFocus={() => {
        ownsFocus.current = true;
      }}
      onBlur={(event) => {
        const next = event.relatedTarget;
        if (next && !event.currentTarget.contains(next)) ownsFocus.current = false;
      }}
    >
      {actions.map((action) => {
        const text = STAFF_ACTION_TEXT[action];
        return (
          <button
            key={action}
            type="button"
            className={`nhsuk-button nhsuk-button--small${text.primary ? '' : ' nhsuk-button--secondary'}`}
            aria-label={text.accessibleName(name)}
            // aria-disabled rather than disabled: a disabled button drops keyboard focus to <body>
            // mid-call, and focus would then be lost or jump to whichever row finished first.
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              actedHere.current = true;
              onAction(action, appointment);
            }}
          >
            {text.label}
          </button>
        );
      })}
    </div>
  );
}
