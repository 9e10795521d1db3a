import { useCallback, useRef, useState } from 'react';
import type { IpcError } from '../../../shared/ipc/contract';
import type { MessageSummary } from '../../../shared/ipc/views';
import { useApi } from '../api/connection-context';
import type { Announcement } from '../components/LiveAnnouncer';
import { MESSAGE_ACTION_TEXT, messageSubject, type MessageAction } from '../lib/message-actions';
import { failureMessage } from '../lib/staff-actions';

export interface MessageActionFailure {
  /** Which message the failure is about: "WORKLIST message for Janet Thompson". */
  subject: string;
  message: string;
}

/** Errors meaning the screen was out of date (the message moved on, or another workstation acted). */
const STALE_KINDS: ReadonlySet<IpcError['kind']> = new Set(['invalid_transition', 'conflict', 'not_found']);

/**
 * "Retry now" and "Cancel" on outbox messages: one call per message at a time, the message on screen
 * updated from the returned summary, success announced, failure shown in the error summary.
 */
export function useMessageActions(onUpdated: (message: MessageSummary) => void, onStale: () => void) {
  const api = useApi();
  const inFlight = useRef(new Set<string>());
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(() => new Set());
  const [failure, setFailure] = useState<MessageActionFailure | null>(null);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);

  const setBusy = (id: string, busy: boolean) => {
    if (busy) inFlight.current.add(id);
    else inFlight.current.delete(id);
    setBusyIds(new Set(inFlight.current));
  };

  const run = useCallback(
    async (action: MessageAction, message: MessageSummary) => {
      // The ref, not state, guards double clicks: state only changes on the next render.
      if (inFlight.current.has(message.id)) return;
      setBusy(message.id, true);
      setFailure(null);
      const text = MESSAGE_ACTION_TEXT[action];
      const input = { messageId: message.id };
      const result = await (action === 'retryNow'
        ? api.messages.retryNow(input)
        : api.messages.cancel(input));
      setBusy(message.id, false);
      if (result.ok) {
        onUpdated(result.value);
        setAnnouncement((previous) => ({ text: text.done(message), id: (previous?.id ?? 0) + 1 }));
      } else {
        setFailure({
          subject: messageSubject(message),
          message: failureMessage(text.failure, result.error.message),
        });
        if (STALE_KINDS.has(result.error.kind)) onStale();
      }
    },
    [api, onUpdated, onStale],
  );

  const clearFailure = useCallback(() => setFailure(null), []);

  return { run, busyIds, failure, announcement, clearFailure };
}
