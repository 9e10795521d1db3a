/**
 * C-FIND response time of the MWL SCP at 10,000 worklist items (`npm run bench`, or
 * `node --conditions=source --import tsx gateway/bench/cfind-bench.ts`). Prints figures; never judges them.
 *
 * Two on-disk gateway databases hold the same 10,000 items (worklist-fixture.ts): one with the worklist
 * indexes, one without (the baseline). Each is served by the gateway's SCP in this process, and DCMTK's
 * findscu, a real modality stack in its own process, asks for today's MG items for one room:
 *
 *   gateway.cfind.p50 / p99        request sent to final response, 10 associations x 20 queries, with Nagle
 *                                  off as modality stacks run (dcm4che and fo-dicom by default; DCMTK
 *                                  with TCP_NODELAY=1)
 *   gateway.cfind.association.p50  associate, then the first query, as a modality that associates per query
 *   gateway.cfind.nagle.p50        the same query from DCMTK's defaults (Nagle on): the gateway host's
 *                                  delayed ACK then dominates (docs/operations.md, "Worklist response time")
 *   gateway.cfind.baseline.*       the same measurements against the table without indexes
 *   gateway.cfind.service.p50      inside the SCP: parse, query, encode, write (from its own log)
 *   gateway.cfind.thread.*         the SCP's thread during those queries: ms on a CPU and ms ready but
 *                                  waiting for one, per query (sched-time.ts). The wait is the shared
 *                                  machine's load: compare runs only where it is alike
 *   gateway.cfind.store.mean       the store query alone
 *   gateway.cfind.dcmjs_client.p50 dcmjs-dimse's client in this process, new association per query: its own
 *                                  decoding runs on the SCP's event loop, so this is the library's cost too
 *
 * To compare two commits, use cfind-ab-bench.ts (one process, same load), not runs of this on two days.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dimse } from '#gateway/worklist/dimse';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { findItems } from '#gateway/worklist/worklist-store';
import { scpServiceTimes, timeFindscu, type FindscuRun, type FindscuTimings } from './findscu-timing';
import { machineLoad, schedSince, schedTime, type SchedTime } from './sched-time';
import { benchQuery, benchQueryKeys, DAYS, fillWorklist, ITEMS } from './worklist-fixture';

const AE = 'MWLSCP';
const ASSOCIATIONS = 10;
const QUERIES_PER_ASSOCIATION = 20;
const NAGLE_QUERIES = 20;
const DCMJS_RUNS = 50;
const STORE_RUNS = 200;

const dir = mkdtempSync(join(tmpdir(), 'cfind-bench-'));
const findscuKeys = ['PatientName', 'PatientID', 'AccessionNumber', 'StudyInstanceUID', ...benchQueryKeys];

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (ms: number): string => ms.toFixed(2);
const out = (line: string): void => void process.stdout.write(`${line}\n`);

/** The SCP's own `durationMs` per C-FIND (parse, query, encode, write), read from its log. */
const { log: scpLog, times: serviceTimes } = scpServiceTimes();

const findscuRun = (scp: WorklistScp, overrides: Partial<FindscuRun> = {}): FindscuRun => ({
  host: '127.0.0.1',
  port: scp.port,
  calledAe: AE,
  keys: findscuKeys,
  associations: ASSOCIATIONS,
  queriesPerAssociation: QUERIES_PER_ASSOCIATION,
  noDelay: true,
  workDir: dir,
  ...overrides,
});

/** Every query must have returned the whole of today's list for the room, or the timing means nothing. */
function checkMatches(timings: FindscuTimings, expected: number): FindscuTimings {
  const wrong = timings.matches.find((m) => m !== expected);
  if (expected === 0 || wrong !== undefined)
    throw new Error(`findscu received ${wrong ?? 0} matches for a query; the worklist holds ${expected}`);
  return timings;
}

async function measureWithFindscu(
  scp: WorklistScp,
  expected: number,
): Promise<FindscuTimings & { service: number[]; thread: SchedTime | undefined }> {
  await timeFindscu(findscuRun(scp, { associations: 1 })); // warm-up: statement cache, JIT
  serviceTimes.length = 0;
  // The SCP runs on this thread; findscu, in its own processes, is not counted.
  const before = schedTime();
  const timings = checkMatches(await timeFindscu(findscuRun(scp)), expected);
  const thread = schedSince(before, schedTime());
  return { ...timings, service: [...serviceTimes], thread };
}

/**
 * dcmjs-dimse's client, one association per query, for comparison with what the modality simulator uses.
 * It does not set TCP_NODELAY; every socket it opens through `net.connect` gets it here, so that Nagle's
 * delay (measured above with findscu) is not counted twice.
 */
async function measureDcmjsClient(port: number): Promise<number[]> {
  const connect = net.connect;
  (net as { connect: unknown }).connect = (options: net.NetConnectOpts) =>
    connect({ ...options, noDelay: true });
  const base = dimse.requests.CFindRequest.createWorklistFindRequest({}).getDataset()?.getElements() ?? {};
  const sps = (base.ScheduledProcedureStepSequence as Record<string, unknown>[])[0] ?? {};
  const elements = {
    ...base,
    ScheduledProcedureStepSequence: [
      {
        ...sps,
        Modality: benchQuery.modality,
        ScheduledProcedureStepStartDate: benchQuery.date,
        ScheduledStationAETitle: benchQuery.stationAeTitle,
      },
    ],
  };
  const once = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const client = new dimse.Client();
      const request = dimse.requests.CFindRequest.createWorklistFindRequest(elements);
      const started = process.hrtime.bigint();
      request.on('response', (response: InstanceType<typeof dimse.responses.CFindResponse>) => {
        const status = response.getStatus();
        if (status === 0) resolve(Number(process.hrtime.bigint() - started) / 1e6);
        else if (status !== 0xff00 && status !== 0xff01)
          reject(new Error(`C-FIND status ${status.toString(16)}`));
      });
      client.on('networkError', reject);
      client.addRequest(request);
      client.send('127.0.0.1', port, 'BENCHSCU', AE, { associationLingerTimeout: 0 });
    });
  try {
    for (let i = 0; i < 5; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < DCMJS_RUNS; i++) times.push(await once());
    return times;
  } finally {
    (net as { connect: unknown }).connect = connect;
  }
}

const storeQuery = {
  modality: benchQuery.modality,
  scheduledDate: { from: benchQuery.date, to: benchQuery.date },
  scheduledStationAeTitle: benchQuery.stationAeTitle,
};

function storeTime(db: Database.Database): number {
  for (let i = 0; i < 20; i++) findItems(db, storeQuery);
  const started = process.hrtime.bigint();
  for (let i = 0; i < STORE_RUNS; i++) findItems(db, storeQuery);
  return Number(process.hrtime.bigint() - started) / 1e6 / STORE_RUNS;
}

async function main(): Promise<void> {
  const indexed = fillWorklist(join(dir, 'indexed.sqlite'), true);
  const unindexed = fillWorklist(join(dir, 'unindexed.sqlite'), false);
  const scp = await startWorklistScp({ db: indexed, host: '127.0.0.1', port: 0, aeTitle: AE, log: scpLog });
  const baselineScp = await startWorklistScp({
    db: unindexed,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    log: scpLog,
  });
  try {
    const expected = findItems(indexed, storeQuery).length;
    out(`gateway.cfind.items: ${ITEMS} items over ${DAYS} days; matches per query: ${expected}`);

    const gateway = await measureWithFindscu(scp, expected);
    const queries = gateway.queries.length;
    out(`gateway.cfind.p50: ${fmt(percentile(gateway.queries, 50))} ms (findscu, ${queries} queries)`);
    out(`gateway.cfind.p99: ${fmt(percentile(gateway.queries, 99))} ms`);
    out(
      `gateway.cfind.association.p50: ${fmt(percentile(gateway.firstQueries, 50))} ms (associate + first query, ${ASSOCIATIONS} associations)`,
    );
    out(
      `gateway.cfind.service.p50: ${fmt(percentile(gateway.service, 50))} ms (inside the SCP: parse, query, encode, write)`,
    );
    out(`gateway.cfind.service.p99: ${fmt(percentile(gateway.service, 99))} ms`);
    if (gateway.thread) {
      out(
        `gateway.cfind.thread.on_cpu: ${fmt(gateway.thread.onCpuMs / queries)} ms per query (the SCP's thread on a CPU, associations included)`,
      );
      out(
        `gateway.cfind.thread.cpu_wait: ${fmt(gateway.thread.waitMs / queries)} ms per query (ready but waiting for a CPU: the machine's load, not the gateway; ${machineLoad()})`,
      );
    }

    const nagle = checkMatches(
      await timeFindscu(
        findscuRun(scp, { associations: 1, queriesPerAssociation: NAGLE_QUERIES, noDelay: false }),
      ),
      expected,
    );
    out(
      `gateway.cfind.nagle.p50: ${fmt(percentile(nagle.queries, 50))} ms (findscu with DCMTK's default: Nagle on, the host's delayed ACK)`,
    );

    const baseline = await measureWithFindscu(baselineScp, expected);
    out(
      `gateway.cfind.baseline.p50: ${fmt(percentile(baseline.queries, 50))} ms (same SCP, table without indexes)`,
    );
    out(`gateway.cfind.baseline.p99: ${fmt(percentile(baseline.queries, 99))} ms`);
    out(`gateway.cfind.baseline.service.p50: ${fmt(percentile(baseline.service, 50))} ms`);
    out(
      `gateway.cfind.ratio.p50: ${(percentile(baseline.queries, 50) / percentile(gateway.queries, 50)).toFixed(2)}x (baseline / gateway)`,
    );

    const storeIndexed = storeTime(indexed);
    const storeFull = storeTime(unindexed);
    out(`gateway.cfind.store.mean: ${fmt(storeIndexed)} ms (findItems alone, indexed)`);
    out(
      `gateway.cfind.store.baseline.mean: ${fmt(storeFull)} ms (findItems alone, full scan); ratio ${(storeFull / storeIndexed).toFixed(1)}x`,
    );

    const dcmjs = await measureDcmjsClient(scp.port);
    out(
      `gateway.cfind.dcmjs_client.p50: ${fmt(percentile(dcmjs, 50))} ms (dcmjs-dimse client in this process, association per query)`,
    );
  } finally {
    await scp.close();
    await baselineScp.close();
    indexed.close();
    unindexed.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
