/**
 * C-FIND latency of the MWL SCP at 10,000 worklist items: `npx tsx gateway/bench/cfind-bench.ts`.
 *
 * Fills two on-disk gateway databases with the same 10,000 items over 10 clinic days (mixed modalities,
 * finished items in the past), one with the worklist schema's indexes and one without (the baseline),
 * then asks each SCP for today's MG items the way a modality does: a new association per query from a
 * dcmjs-dimse Client with the library's full default worklist identifier. Latency is from `send` to the
 * final C-FIND response. Also times the store query alone, and one `findscu` run for comparison.
 * Prints figures only; it never passes or fails on time.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { WorklistItemParameters } from '../../src/shared/protocol';
import { dimse } from '../src/worklist/dimse';
import { startWorklistScp, type WorklistScp } from '../src/worklist/mwl-scp';
import { clinicDate } from '../src/worklist/worklist-backup';
import { applyWorklistSchema, createItem, findItems, updateStatus } from '../src/worklist/worklist-store';

const ITEMS = 10_000;
const DAYS = 10;
const WARMUP = 20;
const RUNS = 200;
const AE = 'MWLSCP';
const MODALITIES = ['MG', 'US', 'MG', 'CT', 'MG', 'MR', 'MG', 'DX'];
const STATIONS = 8;

/**
 * Modalities built on DCMTK and most vendor stacks set TCP_NODELAY. dcmjs-dimse's client does not, and
 * then its second PDU (the identifier after the command) waits for the SCP's delayed ACK: ~40 ms per
 * query that belongs to the test client, not to the gateway. The client opens its socket through
 * `net.connect`, so we give it the option here. (The SCP sets it on every accepted socket itself.)
 */
const connect = net.connect;
(net as { connect: unknown }).connect = (options: net.NetConnectOpts) =>
  connect({ ...options, noDelay: true });

const dir = mkdtempSync(join(tmpdir(), 'cfind-bench-'));
const today = clinicDate(new Date(), 'Europe/London');

function shiftDays(date: string, days: number): string {
  const d = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + days),
  );
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Deterministic pseudo-random attributes, so runs are comparable and fields are not correlated. */
function pick(i: number, salt: number, n: number): number {
  let x = (i + 1) * 2654435761 + salt * 97;
  x = Math.imul(x ^ (x >>> 15), 2246822519) >>> 0;
  return ((x ^ (x >>> 13)) >>> 0) % n;
}

function item(i: number): WorklistItemParameters {
  const minutes = 8 * 60 + pick(i, 1, 10 * 60);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}00`;
  return {
    accession_number: `ACC${String(i).padStart(8, '0')}`,
    participant: {
      nhs_number: String(9_000_000_000 + i),
      name: `PARTICIPANT${i}^Siân`,
      birth_date: '19660314',
      sex: 'F',
    },
    scheduled: { date: shiftDays(today, pick(i, 2, DAYS) - 3), time },
    procedure: {
      modality: MODALITIES[pick(i, 3, MODALITIES.length)]!,
      study_description: 'Bilateral screening mammogram',
    },
    scheduled_station_ae_title: `ROOM${pick(i, 4, STATIONS)}`,
  };
}

function fill(file: string, indexed: boolean): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  applyWorklistSchema(db);
  if (!indexed)
    for (const name of ['worklist_active_by_date', 'worklist_active_by_modality_date'])
      db.exec(`DROP INDEX ${name}`);
  db.transaction(() => {
    for (let i = 0; i < ITEMS; i++) {
      const it = item(i);
      createItem(db, { actionId: `action-${i}`, item: it });
      if (it.scheduled.date < today && i % 3 !== 0) {
        updateStatus(db, it.accession_number, 'IN PROGRESS');
        updateStatus(db, it.accession_number, 'COMPLETED');
      }
    }
  })();
  db.exec('ANALYZE');
  return db;
}

function query(): Record<string, unknown> {
  const base = dimse.requests.CFindRequest.createWorklistFindRequest({}).getDataset()?.getElements() ?? {};
  const sps = (base.ScheduledProcedureStepSequence as Record<string, unknown>[])[0] ?? {};
  return {
    ...base,
    ScheduledProcedureStepSequence: [
      { ...sps, Modality: 'MG', ScheduledProcedureStepStartDate: today, ScheduledStationAETitle: 'ROOM1' },
    ],
  };
}

/** One association, one C-FIND; resolves with ms to the final response and the number of matches. */
function cfind(port: number): Promise<{ ms: number; matches: number }> {
  return new Promise((resolve, reject) => {
    const client = new dimse.Client();
    const request = dimse.requests.CFindRequest.createWorklistFindRequest(query());
    let matches = 0;
    const started = process.hrtime.bigint();
    request.on('response', (response: InstanceType<typeof dimse.responses.CFindResponse>) => {
      const status = response.getStatus();
      if (status === 0xff00 || status === 0xff01) matches += 1;
      else if (status === 0) resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, matches });
      else reject(new Error(`C-FIND status ${status.toString(16)}`));
    });
    client.on('networkError', reject);
    client.addRequest(request);
    client.send('127.0.0.1', port, 'BENCHSCU', AE, { associationLingerTimeout: 0 });
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => ms.toFixed(2);

/** The SCP's own `durationMs` per C-FIND (parse, query, encode, write), read from its log. */
const serviceTimes: number[] = [];
const scpLog = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = JSON.parse(chunk.toString('utf8')) as { msg?: string; durationMs?: number };
      if (line.msg === 'mwl c-find' && typeof line.durationMs === 'number')
        serviceTimes.push(line.durationMs);
      done();
    },
  }),
);

async function measure(
  scp: WorklistScp,
): Promise<{ p50: number; p99: number; matches: number; service: number[] }> {
  for (let i = 0; i < WARMUP; i++) await cfind(scp.port);
  serviceTimes.length = 0;
  const times: number[] = [];
  let matches = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await cfind(scp.port);
    times.push(r.ms);
    matches = r.matches;
  }
  times.sort((a, b) => a - b);
  const service = [...serviceTimes].sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), matches, service };
}

function storeTime(db: Database.Database): number {
  const q = { modality: 'MG', scheduledDate: { from: today, to: today }, scheduledStationAeTitle: 'ROOM1' };
  for (let i = 0; i < WARMUP; i++) findItems(db, q);
  const started = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) findItems(db, q);
  return Number(process.hrtime.bigint() - started) / 1e6 / RUNS;
}

/**
 * DCMTK's findscu against the same SCP, with echoscu as the cost of starting a process and associating.
 * Asynchronous on purpose: the SCP runs in this process, so a blocking exec would stall it.
 */
async function dcmtkComparison(port: number): Promise<void> {
  const exec = promisify(execFile);
  const best = async (tool: string, args: string[]) => {
    let fastest = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      await exec(tool, [...args, '127.0.0.1', String(port)]);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return fastest;
  };
  const step = 'ScheduledProcedureStepSequence[0]';
  const keys = ['PatientName', 'PatientID', 'AccessionNumber', 'StudyInstanceUID', `${step}.Modality=MG`];
  keys.push(`${step}.ScheduledProcedureStepStartDate=${today}`, `${step}.ScheduledStationAETitle=ROOM1`);
  try {
    const echo = await best('echoscu', ['-aec', AE]);
    const find = await best('findscu', ['-W', '-aec', AE, ...keys.flatMap((k) => ['-k', k])]);
    console.log(`gateway.cfind.findscu: ${fmt(find)} ms (best of 5, whole findscu process)`);
    console.log(
      `gateway.cfind.findscu.minus_echoscu: ${fmt(find - echo)} ms (echoscu best of 5: ${fmt(echo)} ms)`,
    );
  } catch (error) {
    console.log(`gateway.cfind.findscu: skipped (${(error as Error).message.split('\n')[0]})`);
  }
}

async function main(): Promise<void> {
  const log = scpLog;
  const indexed = fill(join(dir, 'indexed.sqlite'), true);
  const unindexed = fill(join(dir, 'unindexed.sqlite'), false);
  const scp = await startWorklistScp({ db: indexed, host: '127.0.0.1', port: 0, aeTitle: AE, log });
  const baselineScp = await startWorklistScp({ db: unindexed, host: '127.0.0.1', port: 0, aeTitle: AE, log });
  try {
    const gateway = await measure(scp);
    const baseline = await measure(baselineScp);
    console.log(
      `gateway.cfind.items: ${ITEMS} items over ${DAYS} days; today's MG matches: ${gateway.matches}`,
    );
    console.log(`gateway.cfind.p50: ${fmt(gateway.p50)} ms`);
    console.log(`gateway.cfind.p99: ${fmt(gateway.p99)} ms`);
    console.log(
      `gateway.cfind.service.p50: ${fmt(percentile(gateway.service, 50))} ms (inside the SCP: parse, query, encode, write)`,
    );
    console.log(`gateway.cfind.service.p99: ${fmt(percentile(gateway.service, 99))} ms`);
    console.log(
      `gateway.cfind.baseline.p50: ${fmt(baseline.p50)} ms (same SCP, table without the worklist indexes)`,
    );
    console.log(`gateway.cfind.baseline.p99: ${fmt(baseline.p99)} ms`);
    console.log(`gateway.cfind.baseline.service.p50: ${fmt(percentile(baseline.service, 50))} ms`);
    console.log(`gateway.cfind.ratio.p50: ${(baseline.p50 / gateway.p50).toFixed(2)}x (baseline / gateway)`);
    const storeIndexed = storeTime(indexed);
    const storeFull = storeTime(unindexed);
    console.log(`gateway.cfind.store.mean: ${fmt(storeIndexed)} ms (findItems alone, indexed)`);
    console.log(
      `gateway.cfind.store.baseline.mean: ${fmt(storeFull)} ms (findItems alone, full scan); ratio ${(storeFull / storeIndexed).toFixed(1)}x`,
    );
    await dcmtkComparison(scp.port);
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
