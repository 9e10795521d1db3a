import type { RefObject } from 'react';
import type { AppointmentView } from '#shared/ipc/views';
import { participantName } from '../../lib/format';
import {
  STAFF_ACTION_TEXT,
  availableRowActions,
  isOutcomeAction,
  type OutcomeRecording,
  type RowAction,
} from '../../lib/staff-actions';
import { useRowActionFocus } from '../../hooks/use-row-action-focus';

interface AppointmentActionsProps {
  appointment: AppointmentView;
  /** Whether outcomes may be recorded by hand here, and why (manual mode, gateway down). */
  recording: OutcomeRecording;
  busy: boolean;
  onAction: (action: RowAction, appointment: AppointmentView) => void;
  /** Where keyboard focus goes when the last button disappears (after recording an outcome). */
  fallbackFocus?: RefObject<HTMLElement | null>;
  className?: string;
}

export function AppointmentActions({
  appointment,
  recording,
  busy,
  onAction,
  fallbackFocus,
  className,
}: AppointmentActionsProps) {
  const name = participantName(appointment.participant);
  const actions = availableRowActions(appointment.state, recording);
  // The button just pressed usually disappears with the new state (Check in → Send to modality), and
  // a gateway event can take one away too (Resend, once the procedure starts); with an outcome
  // recorded, none is left and focus goes to the fallback.
  const group = useRowActionFocus(`${busy}|${appointment.state}|${recording}`, fallbackFocus);

  return (
    <div className={`app-row-actions${className ? ` ${className}` : ''}`} {...group}>
      {actions.map((action) => {
        const text = STAFF_ACTION_TEXT[action];
        // Recording by hand is the next step only in manual mode; with the gateway merely down,
        // waiting for it stays the default, so those buttons are secondary.
        const primary = text.primary && (recording === 'manual' || !isOutcomeAction(action));
        return (
          <button
            key={action}
            type="button"
            className={`nhsuk-button nhsuk-button--small${primary ? '' : ' nhsuk-button--secondary'}`}
            aria-label={text.accessibleName(name)}
            // aria-disabled rather than disabled: a disabled button drops keyboard focus to <body>
            // mid-call, and focus would then be lost or jump to whichever row finished first.
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onAction(action, appointment);
            }}
          >
            {text.label}
          </button>
        );
      })}
    </div>
  );
}
