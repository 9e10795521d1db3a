import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, IpcResult } from '#shared/ipc/contract';

/**
 * One page of a log read newest first with cursors (the audit log, the message log). `cursors` are the
 * pages behind the current one; the page is fetched again whenever `query` (the applied filters), the
 * cursor or `reload()` changes, and an answer that arrives after a newer request is dropped.
 */
export function useLogPage<P>(
  fetchPage: (before: number | undefined) => Promise<IpcResult<P>>,
  query: unknown,
) {
  const [cursors, setCursors] = useState<number[]>([]);
  const [page, setPage] = useState<P | null>(null);
  const [problem, setProblem] = useState<IpcError | null>(null);
  const [loads, setLoads] = useState(0);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const before = cursors.at(-1);

  useEffect(() => {
    let current = true;
    void fetchRef.current(before).then((result) => {
      if (!current) return;
      if (result.ok) {
        setPage(result.value);
        setProblem(null);
      } else setProblem(result.error);
    });
    return () => {
      current = false;
    };
  }, [query, before, loads]);

  const reload = useCallback(() => setLoads((n) => n + 1), []);
  return { page, setPage, problem, setProblem, cursors, setCursors, before, reload };
}
