/**
 * Remembers a pure function's last results by key, up to `capacity` of them (the oldest is forgotten
 * first). For values a single send computes several times or every send recomputes the same way (a
 * clinic's end of day, an instant read in the clinic's zone, a gateway's saved routes): at a clinic's
 * pace each computation runs cold, so doing it once is what counts (ADR 0035). Thrown errors are not
 * remembered. Results are shared, so callers must treat them as read-only.
 */
export function boundedMemo<A extends unknown[], R>(
  capacity: number,
  keyOf: (...args: A) => string,
  compute: (...args: A) => R,
): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    if (results.has(key)) return results.get(key)!;
    const value = compute(...args);
    if (results.size >= capacity) results.delete(results.keys().next().value!);
    results.set(key, value);
    return value;
  };
}
