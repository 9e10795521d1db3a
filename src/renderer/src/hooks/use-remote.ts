import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, IpcResult } from '#shared/ipc/contract';
import { useConnection } from '../api/connection-context';

export type Remote<T> =
  { status: 'loading' } | { status: 'failed'; error: IpcError } | { status: 'ready'; data: T };

export interface RemoteState<T> {
  remote: Remote<T>;
  /** Applies a pushed change to loaded data. */
  update: (change: (data: T) => T) => void;
  /** Fetches again without blanking the screen. */
  reload: () => void;
}

/**
 * Loads a screen's data once on mount (pages remount per route) and again whenever the event
 * stream comes back after a gap, since changes made meanwhile were never pushed to us.
 */
export function useRemote<T>(load: () => Promise<IpcResult<T>>): RemoteState<T> {
  const connection = useConnection();
  const [remote, setRemote] = useState<Remote<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  const latestRequest = useRef(0);
  const readyRef = useRef(false);
  // A change pushed before the first load lands could be older or newer than that load: load again.
  const changedWhileLoading = useRef(false);

  useEffect(() => {
    loadRef.current = load;
  });

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    changedWhileLoading.current = false;
    // Before the first success (including "Try again") show progress; afterwards refresh silently.
    if (!readyRef.current) setRemote({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (request !== latestRequest.current) return;
      if (result.ok) {
        readyRef.current = true;
        setRemote({ status: 'ready', data: result.value });
      } else if (!readyRef.current) {
        setRemote({ status: 'failed', error: result.error });
      }
      // A failed refresh keeps what is on screen; the live-updates warning says it may be stale.
      if (changedWhileLoading.current) reload();
    });
  }, []);

  const update = useCallback((change: (data: T) => T) => {
    if (!readyRef.current) changedWhileLoading.current = true;
    setRemote((previous) =>
      previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous,
    );
  }, []);

  useEffect(() => {
    reload();
    return connection.onReconnect(reload);
  }, [connection, reload]);

  return { remote, update, reload };
}
