import { useCallback, useEffect, useId, useState } from 'react';
import type { IpcError } from '#shared/ipc/contract';
import { useApi } from '../../api/connection-context';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { LinkButton } from '../../components/LinkButton';
import { useNotices } from '../../components/Notices';
import { useApiEvent } from '../../hooks/use-api-event';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useRemote } from '../../hooks/use-remote';
import { mergeGateway } from '../../lib/merge';
import { routeHref } from '../../routing/route';
import { GatewaySection } from './GatewaySection';
import { SupportSection } from './SupportSection';
import { WorkstationSection } from './WorkstationSection';

const GATEWAYS_HREF = routeHref({ name: 'gateways' });

/**
 * Gateways: each gateway's configuration and live connection (from `gateway.changed`), a connection
 * test, links to add and edit gateways, and this workstation's public key for enrolment.
 */
export function GatewaysPage() {
  const api = useApi();
  useDocumentTitle('Gateways');
  const notices = useNotices();
  const gateways = useRemote(() => api.gateways.list({}));
  const workstation = useRemote(() => api.app.workstation({}));
  const { update, reload } = gateways;

  // "Gateway saved", when the form has just brought us here; shown for this visit only.
  const [saved] = useState(() => notices.peekFlash(GATEWAYS_HREF));
  useEffect(() => notices.clearFlash(), [notices]);

  useApiEvent('gateway.changed', (gateway) => update((list) => mergeGateway(list, gateway)));
  // "Messages waiting/failed" are counts over the outbox; a message event changes them without a
  // gateway event, so refetch (coalesced: a clinic being sent is a burst of message events).
  const refreshCounts = useDebouncedCallback(reload, 500);
  useApiEvent('message.changed', refreshCounts);

  const [testError, setTestError] = useState<string | null>(null);
  const onTestError = useCallback((name: string, error: IpcError) => {
    setTestError(`Cannot test the connection to ${name}: ${error.message}`);
  }, []);
  const onTestStart = useCallback(() => setTestError(null), []);

  return (
    <>
      {gateways.remote.status === 'failed' ? (
        <LoadFailure what="gateways" error={gateways.remote.error} onRetry={reload} />
      ) : null}
      {testError ? <ErrorSummary items={[testError]} /> : null}
      {saved ? <SuccessBanner text={saved} /> : null}
      <h1>Gateways</h1>
      <LinkButton href={routeHref({ name: 'gateway-new' })}>Add a gateway</LinkButton>
      {gateways.remote.status === 'loading' ? <Loading what="gateways" /> : null}
      {gateways.remote.status === 'ready' && gateways.remote.data.length === 0 ? (
        <p className="nhsuk-body">
          No gateways are set up. Add one with the details hospital IT give you for the gateway they
          installed.
        </p>
      ) : null}
      {gateways.remote.status === 'ready'
        ? gateways.remote.data.map((gateway, _index, all) => (
            <GatewaySection
              key={gateway.id}
              gateway={gateway}
              oneOfSeveral={all.length > 1}
              onTestError={onTestError}
              onTestStart={onTestStart}
            />
          ))
        : null}
      <WorkstationSection
        workstation={workstation.remote}
        onRetry={workstation.reload}
        announce={notices.announce}
      />
      <SupportSection />
    </>
  );
}

/**
 * nhsuk-frontend's success notification banner, without role="alert": the outcome was already
 * announced in the app's live region as the page changed, so it is not read out twice.
 */
function SuccessBanner({ text }: { text: string }) {
  const titleId = useId();
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="region"
      aria-labelledby={titleId}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={titleId}>
          Success
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{text}</p>
      </div>
    </div>
  );
}
