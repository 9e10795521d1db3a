import { useCallback, useMemo, useState } from 'react';
import type { MessageSummary } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LiveAnnouncer } from '../../components/LiveAnnouncer';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { useApiEvent } from '../../hooks/use-api-event';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useLogPage } from '../../hooks/use-log-page';
import { useMessageActions } from '../../hooks/use-message-actions';
import { filterErrors } from '../../lib/filter-values';
import { mergeMessage } from '../../lib/merge';
import {
  MESSAGE_FIELD_IDS,
  MESSAGE_FILTER_FIELDS,
  NO_MESSAGE_FILTERS,
  showsNewMessage,
  toMessageFilter,
  type MessageFilterValues,
} from '../../lib/message-filters';
import { ClinicFilterNotice } from './ClinicFilterNotice';
import { MessageFilterForm } from './MessageFilterForm';
import { MessageTable } from './MessageTable';

/**
 * The message log: searchable and filtered, newest first, a page at a time, every message within reach.
 * Changes arrive live: a message on screen updates in place, and a new one appears on the first page
 * when the screen can tell it matches the filters.
 */
export function MessageListPage({ clinicId }: { clinicId?: string }) {
  const api = useApi();
  useDocumentTitle('Messages');
  const [filters, setFilters] = useState<MessageFilterValues>(NO_MESSAGE_FILTERS);
  const filter = useMemo(
    () => ({ ...toMessageFilter(filters), ...(clinicId ? { clinicId } : {}) }),
    [filters, clinicId],
  );
  const { page, setPage, problem, cursors, setCursors, before, reload } = useLogPage(
    (cursor) => api.messages.page({ ...filter, ...(cursor !== undefined ? { before: cursor } : {}) }),
    filter,
  );

  const applyChange = useCallback(
    (message: MessageSummary) => {
      setPage((shown) => {
        if (!shown) return shown;
        const onScreen = shown.messages.some((m) => m.id === message.id);
        if (!onScreen && (before !== undefined || !showsNewMessage(filter, message))) return shown;
        return { ...shown, messages: mergeMessage(shown.messages, message) };
      });
    },
    [before, filter, setPage],
  );
  useApiEvent('message.changed', applyChange);
  // The action's result and the dispatcher's next event travel on different sockets: show the result
  // at once (the newer copy wins either way), then settle with a fetch.
  const settle = useDebouncedCallback(reload, 500);
  const onActionDone = useCallback(
    (message: MessageSummary) => {
      applyChange(message);
      settle();
    },
    [applyChange, settle],
  );
  const { run, busyIds, failure, announcement } = useMessageActions(onActionDone, reload);

  const { byField: errors, summary: fieldSummary } = filterErrors(
    problem,
    MESSAGE_FILTER_FIELDS,
    MESSAGE_FIELD_IDS,
  );
  const loadProblem =
    problem && Object.keys(errors).length === 0 ? [`Cannot load messages: ${problem.message}`] : null;

  return (
    <>
      {(loadProblem ?? fieldSummary) ? <ErrorSummary items={loadProblem ?? fieldSummary ?? []} /> : null}
      {failure ? <ErrorSummary items={[failure.message]} description={failure.subject} /> : null}
      <h1>Messages</h1>
      {clinicId ? <ClinicFilterNotice clinicId={clinicId} /> : null}
      <MessageFilterForm
        applied={filters}
        errors={errors}
        onApply={(values) => {
          setFilters(values);
          setCursors([]);
        }}
      />
      {page === null && !problem ? <Loading what="messages" /> : null}
      {page ? (
        <>
          <MessageTable messages={page.messages} busyIds={busyIds} onAction={run} />
          <Pager cursors={cursors} nextBefore={page.nextBefore} onChange={setCursors} />
        </>
      ) : null}
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
