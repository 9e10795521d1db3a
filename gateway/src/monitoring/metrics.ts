/**
 * The gateway's counters, rendered in the Prometheus text format (version 0.0.4) for the loopback-only
 * /metrics endpoint. Hand-written rather than prom-client: a few counters with one label and some gauges
 * read at scrape time need ~80 lines, no dependency and nothing in the gateway bundle.
 *
 * Counters are process-wide so that existing code (inbox, DICOM SCPs) records an event in one line
 * (`countEvent('cfind', { outcome: 'ok' })`) without being handed a registry. Labels carry outcomes and
 * types only, never identifiers or patient data.
 */
const COUNTERS = {
  actions_received: 'Actions received from workstations, by action type',
  actions_applied: 'Stateful actions committed to the inbox, by reply status',
  replies: 'Replies sent to workstations, by status',
  cfind: 'Worklist C-FIND requests answered, by outcome',
  cstore: 'C-STORE requests answered, by DICOM status class',
} as const;

export type CounterName = keyof typeof COUNTERS;

/** Latencies, exposed as Prometheus summaries (`_sum` and `_count`): a scraper derives the mean rate. */
const DURATIONS = {
  cfind: 'Time to answer a worklist C-FIND, from the request to the final response',
  cstore: 'Time to store one C-STORE instance (verify, write, index), from the request to the response',
} as const;

export type DurationName = keyof typeof DURATIONS;
const durations = new Map<DurationName, { sum: number; count: number }>();

/** Records one duration in seconds. */
export function observeSeconds(name: DurationName, seconds: number): void {
  const d = durations.get(name) ?? { sum: 0, count: 0 };
  d.sum += seconds;
  d.count += 1;
  durations.set(name, d);
}

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
type Labels = Record<string, string>;

const PREFIX = 'modality_link_gateway_';
const values = new Map<CounterName, Map<string, number>>();

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

/** Adds one (or `by`) to a counter. */
export function countEvent(name: CounterName, labels: Labels = {}, by = 1): void {
  let series = values.get(name);
  if (!series) values.set(name, (series = new Map()));
  const key = labelText(labels);
  series.set(key, (series.get(key) ?? 0) + by);
}

/** A value read at scrape time (listener up, worklist size, disk free), or a counter kept elsewhere. */
export interface SampledMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  read(): number | undefined | Promise<number | undefined>;
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

/** The whole exposition: the process-wide counters, then the sampled metrics. */
export async function renderMetrics(sampled: readonly SampledMetric[]): Promise<string> {
  let text = '';
  for (const [name, help] of Object.entries(COUNTERS) as Array<[CounterName, string]>) {
    const full = `${PREFIX}${name}_total`;
    text += header(full, help, 'counter');
    for (const [labels, value] of values.get(name) ?? []) text += `${full}${labels} ${value}\n`;
  }
  for (const [name, help] of Object.entries(DURATIONS) as Array<[DurationName, string]>) {
    const full = `${PREFIX}${name}_seconds`;
    const d = durations.get(name) ?? { sum: 0, count: 0 };
    text += `${header(full, help, 'summary')}${full}_sum ${d.sum}\n${full}_count ${d.count}\n`;
  }
  const read = await Promise.all(
    sampled.map(async (m) => {
      try {
        return await m.read();
      } catch {
        return undefined; // one unreadable value must not cost the whole scrape
      }
    }),
  );
  sampled.forEach((m, i) => {
    const full = `${PREFIX}${m.name}`;
    const value = read[i];
    if (value === undefined || !Number.isFinite(value)) return;
    text += `${header(full, m.help, m.type)}${full} ${value}\n`;
  });
  return text;
}

/** success / warning / failure, from a DIMSE status code (PS3.7 C): a label with three values only. */
export function dicomStatusClass(status: number): string {
  if (status === 0) return 'success';
  if (status === 0x0001 || status === 0x0107 || status === 0x0116 || (status >= 0xb000 && status < 0xc000))
    return 'warning';
  return 'failure';
}
