import { useEffect, useRef, type RefObject } from 'react';
import { focusTracking } from '../components/focus-tracking';

/**
 * Keeps keyboard users in a group of row actions when the button they pressed goes away with the new
 * state (Check in → Send to modality; Retry now: queued, sending, waiting again): focus moves to the next
 * action, else to `fallbackFocus` when none is left, never to <body>; and it is never pulled back once
 * they have moved elsewhere. `changeKey` names what can take a button away (the row's state, busy, …):
 * each change is a moment to look. Spread the returned props on the group's element.
 */
export function useRowActionFocus(changeKey: string, fallbackFocus?: RefObject<HTMLElement | null>) {
  const container = useRef<HTMLDivElement>(null);
  // True while focus is in this group, and still true when the focused button was removed (the state
  // moved on), so the next render can put focus back somewhere sensible.
  const ownsFocus = useRef(false);

  useEffect(() => {
    if (!ownsFocus.current) return;
    const focusLost = document.activeElement === document.body || document.activeElement === null;
    if (!focusLost) return;
    const next = container.current?.querySelector('button');
    if (next) {
      next.focus();
      return;
    }
    // Nothing left to press here: focus leaves the group for good.
    ownsFocus.current = false;
    fallbackFocus?.current?.focus();
  }, [changeKey, fallbackFocus]);

  return { ref: container, ...focusTracking(ownsFocus) };
}
