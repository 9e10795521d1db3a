import { errorText, type Logger } from '../logger';
import type { EventOutbox } from './event-outbox';
import type { InboxStore } from './inbox-store';

const HOUR = 3600 * 1000;

/**
 * Forgets finished inbox rows and acknowledged events older than the retention period. Pending
 * deliveries and unacknowledged events are never pruned, however old: they are work still owed.
 * Past retention a resent action id counts as new, so retention must exceed the app's retry horizon.
 */
export function startRetention(
  inbox: InboxStore,
  outbox: EventOutbox,
  days: number,
  log: Logger,
  everyMs = HOUR,
): { stop(): void; runOnce(): void } {
  const runOnce = (): void => {
    try {
      const before = Date.now() - days * 24 * HOUR;
      const actions = inbox.prune(before);
      const events = outbox.prune(before);
      if (actions + events > 0) log.info({ actions, events }, 'pruned old rows');
    } catch (error) {
      log.error({ error: errorText(error) }, 'pruning failed');
    }
  };
  const timer = setInterval(runOnce, everyMs);
  timer.unref();
  setImmediate(runOnce);
  return { stop: () => clearInterval(timer), runOnce };
}
