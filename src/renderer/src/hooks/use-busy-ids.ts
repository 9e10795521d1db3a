import { useCallback, useRef, useState } from 'react';
import type { IpcError } from '#shared/ipc/contract';

/** Errors meaning the screen was out of date (the item moved on, or another workstation acted). */
export const STALE_KINDS: ReadonlySet<IpcError['kind']> = new Set([
  'invalid_transition',
  'conflict',
  'not_found',
]);

/**
 * Which items have a call in flight, so each runs one call at a time. A ref, not state, guards double
 * clicks (state only changes on the next render); the state copy drives the busy buttons.
 */
export function useBusyIds() {
  const inFlight = useRef(new Set<string>());
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(() => new Set());
  /** False when a call for this id is already running. */
  const start = useCallback((id: string): boolean => {
    if (inFlight.current.has(id)) return false;
    inFlight.current.add(id);
    setBusyIds(new Set(inFlight.current));
    return true;
  }, []);
  const finish = useCallback((id: string) => {
    inFlight.current.delete(id);
    setBusyIds(new Set(inFlight.current));
  }, []);
  return { busyIds, start, finish };
}
