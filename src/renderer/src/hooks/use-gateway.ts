import type { GatewayView } from '#shared/ipc/views';
import { useApi } from '../api/connection-context';
import { mergeGateway } from '../lib/merge';
import { useApiEvent } from './use-api-event';
import { useRemote } from './use-remote';

/**
 * One gateway's live view (a clinic's, by `clinic.gatewayId`), kept current from `gateway.changed`.
 * Null while loading, when the clinic has no gateway, or when the list cannot be fetched: callers
 * then behave as if the gateway were fine rather than warn on no evidence.
 */
export function useGateway(gatewayId: string | null): GatewayView | null {
  const api = useApi();
  const { remote, update } = useRemote(() => api.gateways.list({}));
  useApiEvent('gateway.changed', (gateway) => update((list) => mergeGateway(list, gateway)));
  if (gatewayId === null || remote.status !== 'ready') return null;
  return remote.data.find((gateway) => gateway.id === gatewayId) ?? null;
}
