import type { Staff } from '#shared/ipc/staff';
import { useApi } from '../api/connection-context';
import { useApiEvent } from './use-api-event';
import { useRemote } from './use-remote';

/**
 * Who is using this workstation: `undefined` while loading, `null` until someone has said. Kept
 * current from `staff.changed`, so every open screen shows the same person.
 */
export function useStaff(): Staff | null | undefined {
  const api = useApi();
  const { remote, update } = useRemote(() => api.staff.current({}));
  useApiEvent('staff.changed', (staff) => update(() => staff));
  return remote.status === 'ready' ? remote.data : undefined;
}
