import { useCallback, useState } from 'react';
import { useApi } from '../api/connection-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { LiveAnnouncer, type Announcement } from '../components/LiveAnnouncer';
import { Loading } from '../components/Loading';
import { LoadFailure } from '../components/LoadFailure';
import { useApiEvent } from '../hooks/use-api-event';
import { useDebouncedCallback } from '../hooks/use-debounced-callback';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRemote } from '../hooks/use-remote';
import { mergeGateway } from '../lib/merge';
import { GatewaySection } from './GatewaySection';
import { WorkstationSection } from './WorkstationSection';

/**
 * Gateways: each gateway's configuration and live connection (from `gateway.changed`), a connection
 * test, and this workstation's public key for enrolment.
 */
export function GatewaysPage() {
  const api = useApi();
  useDocumentTitle('Gateways');
  const gateways = useRemote(() => api.gateways.list({}));
  const workstation = useRemote(() => api.app.workstation({}));
  const { update, reload } = gateways;

  useApiEvent('gateway.changed', (gateway) => update((list) => mergeGateway(list, gateway)));
  // "Messages waiting/failed" are counts over the outbox; a message event changes them without a
  // gateway event, so refetch (coalesced: a clinic being sent is a burst of message events).
  const refreshCounts = useDebouncedCallback(reload, 500);
  useApiEvent('message.changed', refreshCounts);

  const [testError, setTestError] = useState<string | null>(null);
  const onTestError = useCallback((name: string, message: string) => {
    setTestError(`Cannot test the connection to ${name}: ${message}`);
  }, []);
  const onTestStart = useCallback(() => setTestError(null), []);

  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const announce = useCallback((text: string) => {
    setAnnouncement((previous) => ({ text, id: (previous?.id ?? 0) + 1 }));
  }, []);

  return (
    <>
      {gateways.remote.status === 'failed' ? (
        <LoadFailure what="gateways" error={gateways.remote.error} onRetry={reload} />
      ) : null}
      {testError ? <ErrorSummary items={[testError]} /> : null}
      <h1>Gateways</h1>
      {gateways.remote.status === 'loading' ? <Loading what="gateways" /> : null}
      {gateways.remote.status === 'ready' && gateways.remote.data.length === 0 ? (
        <p className="nhsuk-body">No gateways are set up. Ask an administrator to add one.</p>
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
      <WorkstationSection workstation={workstation.remote} onRetry={workstation.reload} announce={announce} />
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
