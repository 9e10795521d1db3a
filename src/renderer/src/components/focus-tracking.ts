import type { FocusEvent, MutableRefObject } from 'react';

/**
 * Focus handlers for a group of row actions that keeps track of whether focus is inside it, so the
 * group's effect can move focus on when the button staff pressed disappears (its action is done).
 */
export function focusTracking(ownsFocus: MutableRefObject<boolean>) {
  return {
    onFocus: () => {
      ownsFocus.current = true;
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      const next = event.relatedTarget;
      if (next) {
        if (!event.currentTarget.contains(next)) ownsFocus.current = false;
        return;
      }
      // Focus went nowhere: a click on the page background (the button is still there: let go),
      // or the button was removed (keep it, the effect moves focus on).
      const button = event.target;
      window.setTimeout(() => {
        if (button.isConnected) ownsFocus.current = false;
      }, 0);
    },
  };
}
