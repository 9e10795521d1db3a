import type { Dashboard } from '#shared/ipc/dashboard';

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** The latency chart in one sentence, for screen readers and for anyone who cannot read the chart. */
export function describeLatency(points: Dashboard['latency']): string {
  if (points.length === 0) return 'No message has been confirmed today yet.';
  const sorted = points.map((p) => p.ms).sort((a, b) => a - b);
  const count = points.length === 1 ? '1 message' : `${points.length} messages`;
  return `Time from the click to the gateway's confirmation for ${count} today: typically ${Math.round(quantile(sorted, 0.5))} ms, ${Math.round(quantile(sorted, 0.9))} ms for nine in ten, longest ${Math.round(sorted.at(-1)!)} ms.`;
}
