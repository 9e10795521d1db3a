import { useApi } from '../api/connection-context';
import { Loading } from '../components/Loading';
import { LoadFailure } from '../components/LoadFailure';
import { useApiEvent } from '../hooks/use-api-event';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRemote } from '../hooks/use-remote';
import { mergeMessage } from '../lib/merge';
import { ClinicFilterNotice } from './ClinicFilterNotice';
import { MessageTable } from './MessageTable';

export function MessageListPage({ clinicId }: { clinicId?: string }) {
  const api = useApi();
  useDocumentTitle('Messages');
  const { remote, update, reload } = useRemote(() => api.messages.list(clinicId ? { clinicId } : {}));
  useApiEvent('message.changed', (message) => {
    if (clinicId && message.clinicId !== clinicId) return;
    update((messages) => mergeMessage(messages, message));
  });

  return (
    <>
      {remote.status === 'failed' ? (
        <LoadFailure what="messages" error={remote.error} onRetry={reload} />
      ) : null}
      <h1>Messages</h1>
      {clinicId ? <ClinicFilterNotice clinicId={clinicId} /> : null}
      {remote.status === 'loading' ? <Loading what="messages" /> : null}
      {remote.status === 'ready' ? <MessageTable messages={remote.data} /> : null}
    </>
  );
}
