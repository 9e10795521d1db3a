import { useCallback, useRef } from 'react';
import type { MessageSummary } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { BackLink } from '../../components/BackLink';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LiveAnnouncer } from '../../components/LiveAnnouncer';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { useApiEvent } from '../../hooks/use-api-event';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useMessageActions } from '../../hooks/use-message-actions';
import { useRemote } from '../../hooks/use-remote';
import { MESSAGE_TYPE_LABELS } from '../../lib/labels';
import { isAtLeastAsRecent } from '../../lib/merge';
import { formatPayload } from '../../lib/payload';
import { routeHref } from '../../routing/route';
import { MessageActions } from './MessageActions';
import { MessageSummaryList } from './MessageSummaryList';

export function MessageDetailPage({ messageId }: { messageId: string }) {
  const api = useApi();
  const { remote, update, reload } = useRemote(() => api.messages.get({ messageId }));
  // Show the new status at once; the gateway's reply is only in the detail, so fetch that too.
  const refetchDetail = useDebouncedCallback(reload, 200);
  const applySummary = useCallback(
    (summary: MessageSummary) => {
      if (summary.id !== messageId) return;
      update((detail) =>
        isAtLeastAsRecent(summary.updatedAt, detail.updatedAt) ? { ...detail, ...summary } : detail,
      );
      refetchDetail();
    },
    [messageId, update, refetchDetail],
  );
  useApiEvent('message.changed', applySummary);
  const { run, busyIds, failure, announcement } = useMessageActions(applySummary, reload);
  const heading1 = useRef<HTMLHeadingElement>(null);

  const message = remote.status === 'ready' ? remote.data : null;
  const heading = message
    ? `${MESSAGE_TYPE_LABELS[message.type]} message${message.participantName ? ` for ${message.participantName}` : ''}`
    : 'Message';
  useDocumentTitle(heading);

  return (
    <>
      <BackLink href={routeHref({ name: 'messages' })}>Back to message log</BackLink>
      {remote.status === 'failed' ? (
        <LoadFailure what="this message" error={remote.error} onRetry={reload} />
      ) : null}
      {failure ? <ErrorSummary items={[failure.message]} description={failure.subject} /> : null}
      {/* Focusable so keyboard users land here when the last action button goes away (after Cancel). */}
      <h1 ref={heading1} tabIndex={-1} className="app-focus-target">
        {heading}
      </h1>
      {remote.status === 'loading' ? <Loading what="the message" /> : null}
      {message ? (
        <>
          <MessageActions
            message={message}
            busy={busyIds.has(message.id)}
            onAction={run}
            fallbackFocus={heading1}
            className="app-page-actions"
          />
          <MessageSummaryList message={message} />
          <CodeBlock title="Payload" text={formatPayload(message.payload, message.payloadFormat)} />
          {message.gatewayReply ? (
            <CodeBlock title="Gateway reply" text={formatPayload(message.gatewayReply, 'json')} />
          ) : null}
        </>
      ) : null}
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
