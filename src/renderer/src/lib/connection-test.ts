import type { ConnectionTest } from '#shared/ipc/views';
import { formatRoundTrip } from './format';

type Probe = ConnectionTest['echo'];

/**
 * One probe's result as staff read it: `Passed in 3 ms`, `Failed: <main's message>`, or main's
 * "Not available on this protocol: …" for a check the gateway's protocol cannot do.
 */
export function describeProbe(probe: Probe): string {
  if (!probe.available) return probe.message;
  if (!probe.ok) return `Failed: ${probe.message}`;
  return probe.roundTripMs === null ? 'Passed' : `Passed in ${formatRoundTrip(probe.roundTripMs)}`;
}

/** A health detail's value as text: strings as they are, everything else as (indented) JSON. */
export function formatDetailValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export interface DetailRow {
  key: string;
  value: string;
  /** True when the value is multi-line JSON, to be shown preformatted. */
  structured: boolean;
}

/** The gateway's health report as key/value rows, in the order it sent them. */
export function healthDetailRows(details: Record<string, unknown> | null): DetailRow[] {
  if (!details) return [];
  return Object.entries(details).map(([key, value]) => ({
    key,
    value: formatDetailValue(value),
    structured: typeof value === 'object' && value !== null,
  }));
}
