import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '#shared/ipc/contract';
import { useApi } from '../api/connection-context';

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useApiEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  const api = useApi();
  const listenerRef = useRef(listener);
  useEffect(() => {
    listenerRef.current = listener;
  });
  useEffect(() => api.on(event, (payload) => listenerRef.current(payload)), [api, event]);
}
