import { useCallback } from 'react';
import type { MessageSummary } from '../../../shared/ipc/views';
import { useApi } from '../api/connection-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { LiveAnnouncer } from '../components/LiveAnnouncer';
import { Loading } from '../components/Loading';
import { LoadFailure } from '../components/LoadFailure';
import { useApiEvent } from '../hooks/use-api-event';
import { useDebouncedCallback } from '../hooks/use-debounced-callback';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useMessageActions } from '../hooks/use-message-actions';
import { useRemote } from '../hooks/use-remote';
import { mergeMessage } from '../lib/merge';
import { ClinicFilterNotice } from './ClinicFilterNotice';
import { MessageTable } from './MessageTable';

export function MessageListPage({ clinicId }: { clinicId?: string }) {
  const api = useApi();
  useDocumentTitle('Messages');
  const { remote, update, reload } = useRemote(() => api.messages.list(clinicId ? { clinicId } : {}));
  const applyChange = useCallback(
    (message: MessageSummary) => {
      if (clinicId && message.clinicId !== clinicId) return;
      update((messages) => mergeMessage(messages, message));
    },
    [clinicId, update],
  );
  useApiEvent('message.changed', applyChange);
  // The action's result and the dispatcher's next event travel on different sockets, so the result
  // can land after a newer event ("Sending" already pushed): show it at once, then settle with a fetch.
  const settle = useDebouncedCallback(reload, 500);
  const onActionDone = useCallback(
    (message: MessageSummary) => {
      applyChange(message);
      settle();
    },
    [applyChange, settle],
  );
  const { run, busyIds, failure, announcement } = useMessageActions(onActionDone, reload);

  return (
    <>
      {remote.status === 'failed' ? (
        <LoadFailure what="messages" error={remote.error} onRetry={reload} />
      ) : null}
      {failure ? <ErrorSummary items={[failure.message]} description={failure.subject} /> : null}
      <h1>Messages</h1>
      {clinicId ? <ClinicFilterNotice clinicId={clinicId} /> : null}
      {remote.status === 'loading' ? <Loading what="messages" /> : null}
      {remote.status === 'ready' ? (
        <MessageTable messages={remote.data} busyIds={busyIds} onAction={run} />
      ) : null}
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
