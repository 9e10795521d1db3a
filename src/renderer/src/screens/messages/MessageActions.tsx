import type { RefObject } from 'react';
import type { MessageSummary } from '#shared/ipc/views';
import { MESSAGE_ACTION_TEXT, availableMessageActions, type MessageAction } from '../../lib/message-actions';
import { useRowActionFocus } from '../../hooks/use-row-action-focus';

interface MessageActionsProps {
  message: MessageSummary;
  busy: boolean;
  onAction: (action: MessageAction, message: MessageSummary) => void;
  /** Where keyboard focus goes when the last button disappears (e.g. after "Cancel"). */
  fallbackFocus?: RefObject<HTMLElement | null>;
  className?: string;
}

/**
 * "Retry now" and "Cancel" for one message, offered from its status. Buttons are aria-disabled, not
 * disabled, while a call runs, so they keep keyboard focus; when the pressed button goes away with
 * the new status, focus moves to the next action (or the fallback) instead of dropping to <body>.
 */
export function MessageActions({ message, busy, onAction, fallbackFocus, className }: MessageActionsProps) {
  const actions = availableMessageActions(message.status);
  // A message can move on several times after one press (Retry now: queued, sending, waiting again),
  // taking away first the pressed button and then the next one; each change is a moment to look.
  const group = useRowActionFocus(`${busy}|${message.status}`, fallbackFocus);

  return (
    <div className={`app-row-actions${className ? ` ${className}` : ''}`} {...group}>
      {actions.map((action) => {
        const text = MESSAGE_ACTION_TEXT[action];
        return (
          <button
            key={action}
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            aria-label={text.accessibleName(message)}
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              onAction(action, message);
            }}
          >
            {text.label}
          </button>
        );
      })}
    </div>
  );
}
