/**
 * C-FIND as a real modality sees it: DCMTK's `findscu` against the SCP, timed by findscu's own log.
 *
 * A log4cplus configuration gives every findscu log line a microsecond timestamp; a query's response time
 * is from "Sending Find Request" to "Received Final Find Response" (every pending response received and
 * parsed by findscu), and an association's is from "Requesting Association" to the final response of its
 * first query (what a modality that associates per query waits). Process start-up is outside both.
 *
 * `noDelay` sets DCMTK's TCP_NODELAY switch. Off is DCMTK's default: Nagle's algorithm then holds the
 * request's second PDU until the gateway host acknowledges the first, which Linux delays by up to 40 ms
 * on a connection that has already exchanged data (docs/operations.md, "Worklist response time").
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { capturingLogger } from '../../test-support/capturing-logger';

export interface FindscuRun {
  host: string;
  port: number;
  calledAe: string;
  /** findscu `-k` keys, e.g. `ScheduledProcedureStepSequence[0].Modality=MG`. */
  keys: readonly string[];
  /** Separate findscu processes, each one association. */
  associations: number;
  /** C-FIND requests on each association (findscu --repeat). */
  queriesPerAssociation: number;
  noDelay: boolean;
  /** Where the log configuration file is written. */
  workDir: string;
}

export interface FindscuTimings {
  /** ms from sending each C-FIND request to its final response. */
  queries: number[];
  /** ms from requesting each association to the final response of its first query. */
  firstQueries: number[];
  /** Pending responses (matches) each query received, in order. */
  matches: number[];
}

const exec = promisify(execFile);

const TIMESTAMPED = [
  'log4cplus.rootLogger = WARN, console',
  'log4cplus.logger.dcmtk.dcmnet = INFO',
  // The pending responses' data sets: printing them would time findscu's console, not the gateway.
  'log4cplus.logger.dcmtk.dcmnet.responses = WARN',
  'log4cplus.appender.console = log4cplus::ConsoleAppender',
  'log4cplus.appender.console.layout = log4cplus::PatternLayout',
  // %d is UTC (%D local time would add an hour to a query timed across a clock change).
  'log4cplus.appender.console.layout.ConversionPattern = %d{%H:%M:%S.%Q} %m%n',
].join('\n');

/** `HH:MM:SS.mmm.uuu` to ms since midnight. */
function parseTime(stamp: string): number {
  const m = /^(\d\d):(\d\d):(\d\d)\.(\d{3})\.(\d{3})$/.exec(stamp);
  if (!m) throw new Error(`findscu log: unexpected timestamp "${stamp}"`);
  const [h, min, s, ms, us] = m.slice(1).map(Number) as [number, number, number, number, number];
  return ((h * 60 + min) * 60 + s) * 1000 + ms + us / 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** b − a, across midnight too. */
const elapsed = (a: number, b: number): number => (b - a + DAY_MS) % DAY_MS;

/**
 * Reads one findscu log into timings; throws unless every query ended in Success. findscu logs
 * "Sending Find Request (MsgID n)", "Received Find Response n (Pending)" per match and
 * "Received Final Find Response (Success)".
 */
export function parseFindscuLog(log: string, expectedQueries: number): FindscuTimings {
  const timings: FindscuTimings = { queries: [], firstQueries: [], matches: [] };
  let associationAt: number | undefined;
  let sentAt: number | undefined;
  let pending = 0;
  for (const line of log.split('\n')) {
    const space = line.indexOf(' ');
    const message = line.slice(space + 1).trim();
    const at = (): number => parseTime(line.slice(0, space));
    if (message === 'Requesting Association') associationAt = at();
    else if (message.startsWith('Sending Find Request')) {
      sentAt = at();
      pending = 0;
    } else if (/^Received Find Response \d+ \(Pending/.test(message)) pending += 1;
    else if (message.startsWith('Received Final Find Response')) {
      if (!message.includes('(Success)')) throw new Error(`findscu log: query failed: ${message}`);
      if (sentAt === undefined) throw new Error('findscu log: a final response before any request');
      const done = at();
      timings.queries.push(elapsed(sentAt, done));
      timings.matches.push(pending);
      if (associationAt !== undefined) timings.firstQueries.push(elapsed(associationAt, done));
      associationAt = sentAt = undefined;
    }
  }
  if (timings.queries.length !== expectedQueries)
    throw new Error(`findscu log: ${timings.queries.length} of ${expectedQueries} queries answered`);
  return timings;
}

export async function timeFindscu(run: FindscuRun): Promise<FindscuTimings> {
  const config = join(run.workDir, 'findscu-timestamps.cfg');
  writeFileSync(config, `${TIMESTAMPED}\n`);
  const args = ['-lc', config, '--repeat', String(run.queriesPerAssociation), '-W', '-aet', 'BENCHSCU'];
  args.push('-aec', run.calledAe, ...run.keys.flatMap((k) => ['-k', k]), run.host, String(run.port));
  const all: FindscuTimings = { queries: [], firstQueries: [], matches: [] };
  for (let i = 0; i < run.associations; i++) {
    // Asynchronous on purpose: the SCP under test may run in this process, so a blocking exec would stall it.
    const { stdout, stderr } = await exec('findscu', args, {
      env: { ...process.env, TCP_NODELAY: run.noDelay ? '1' : '0' },
    });
    const timings = parseFindscuLog(`${stdout}\n${stderr}`, run.queriesPerAssociation);
    all.queries.push(...timings.queries);
    all.firstQueries.push(...timings.firstQueries);
    all.matches.push(...timings.matches);
  }
  return all;
}

/**
 * A logger for the MWL SCP under test that keeps the SCP's own `durationMs` of each C-FIND (parse, query,
 * encode, write) in `times`, the figure beside findscu's: empty `times` between phases to measure one.
 */
export function scpServiceTimes(): { log: Logger; times: number[] } {
  const times: number[] = [];
  const { log } = capturingLogger('info', (record) => {
    if (record.msg === 'mwl c-find' && typeof record.durationMs === 'number') times.push(record.durationMs);
  });
  return { log, times };
}
