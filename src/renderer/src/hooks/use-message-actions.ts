import { useCallback, useState } from 'react';
import { STALE_KINDS, useBusyIds } from './use-busy-ids';
import type { MessageSummary } from '#shared/ipc/views';
import { useApi } from '../api/connection-context';
import type { Announcement } from '../components/LiveAnnouncer';
import { MESSAGE_ACTION_TEXT, messageSubject, type MessageAction } from '../lib/message-actions';
import { failureMessage } from '../lib/staff-actions';

export interface MessageActionFailure {
  /** Which message the failure is about: "WORKLIST message for Janet Thompson". */
  subject: string;
  message: string;
}

/**
 * "Retry now" and "Cancel" on outbox messages: one call per message at a time, the message on screen
 * updated from the returned summary, success announced, failure shown in the error summary.
 */
export function useMessageActions(onUpdated: (message: MessageSummary) => void, onStale: () => void) {
  const api = useApi();
  const { busyIds, start, finish } = useBusyIds();
  const [failure, setFailure] = useState<MessageActionFailure | null>(null);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);

  const run = useCallback(
    async (action: MessageAction, message: MessageSummary) => {
      if (!start(message.id)) return;
      setFailure(null);
      const text = MESSAGE_ACTION_TEXT[action];
      const input = { messageId: message.id };
      const result = await (action === 'retryNow'
        ? api.messages.retryNow(input)
        : api.messages.cancel(input));
      finish(message.id);
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
    [api, onUpdated, onStale, start, finish],
  );

  const clearFailure = useCallback(() => setFailure(null), []);

  return { run, busyIds, failure, announcement, clearFailure };
}
