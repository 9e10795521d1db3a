import { useSyncExternalStore } from 'react';
import { useConnection } from '../api/connection-context';
import type { LiveStatus } from '../api/event-stream';

export function useLiveStatus(): LiveStatus {
  const connection = useConnection();
  return useSyncExternalStore(
    (onChange) => connection.onStatus(onChange),
    () => connection.status(),
  );
}
