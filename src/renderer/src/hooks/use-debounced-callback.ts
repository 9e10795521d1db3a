import { useCallback, useEffect, useRef } from 'react';

/** Coalesces a burst of calls (e.g. one event per message while a clinic is sent) into one. */
export function useDebouncedCallback(callback: () => void, delayMs: number): () => void {
  const callbackRef = useRef(callback);
  const timer = useRef<number | null>(null);
  useEffect(() => {
    callbackRef.current = callback;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      callbackRef.current();
    }, delayMs);
  }, [delayMs]);
}
