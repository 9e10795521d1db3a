/**
 * C-FIND A/B in one process: this checkout's MWL SCP against another checkout's (an older commit in a
 * second git worktree, with node_modules), each on its own 10,000-item fixture, queried by findscu in
 * alternating rounds. Both see the shared machine's load at the same moments, so what differs between
 * them is the code. Separate runs of cfind-bench cannot show that on the bench machine: there, the same
 * commit's figures vary two- to threefold with what else is running. Not part of `npm run bench` (it
 * needs the second checkout):
 *
 *   git worktree add /tmp/base <commit> && cp -al node_modules /tmp/base/
 *   node --conditions=source --import tsx gateway/bench/cfind-ab-bench.ts /tmp/base [rounds]
 *
 * Per side: gateway.cfind.ab.<side>.p50 (findscu, request to final response), .service.p50 (the SCP's
 * own log), .on_cpu and .cpu_wait (this thread, per query: sched-time.ts). Figures only; never judged.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as ThisScp from '#gateway/worklist/mwl-scp';
import { scpServiceTimes, timeFindscu } from './findscu-timing';
import type * as ThisFixture from './worklist-fixture';
import { machineLoad, schedSince, schedTime } from './sched-time';

// The other checkout's modules are taken to have this checkout's shapes (its fixture: c7abdd6 or later).
type ScpModule = typeof ThisScp;
type FixtureModule = typeof ThisFixture;

const other = process.argv[2];
const ROUNDS = Number(process.argv[3] ?? 10);
const QUERIES = 20;
const AE = 'MWLSCP';

interface Side {
  name: string;
  port: number;
  keys: string[];
  close(): Promise<void>;
  service: number[];
  queries: number[];
  onCpuMs: number;
  waitMs: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const out = (line: string): void => void process.stdout.write(`${line}\n`);

async function startSide(name: string, root: string, dir: string): Promise<Side> {
  const scp = (await import(join(root, 'gateway/src/worklist/mwl-scp.ts'))) as ScpModule;
  const fixture = (await import(join(root, 'gateway/bench/worklist-fixture.ts'))) as FixtureModule;
  const { log, times: service } = scpServiceTimes();
  const db: Database.Database = fixture.fillWorklist(join(dir, `${name}.sqlite`), true);
  const server = await scp.startWorklistScp({ db, host: '127.0.0.1', port: 0, aeTitle: AE, log });
  const step = 'ScheduledProcedureStepSequence[0]';
  const q = fixture.benchQuery;
  return {
    name,
    port: server.port,
    keys: ['PatientName', 'PatientID', 'AccessionNumber', 'StudyInstanceUID'].concat(
      `${step}.Modality=${q.modality}`,
      `${step}.ScheduledProcedureStepStartDate=${q.date}`,
      `${step}.ScheduledStationAETitle=${q.stationAeTitle}`,
    ),
    close: async () => {
      await server.close();
      db.close();
    },
    service,
    queries: [],
    onCpuMs: 0,
    waitMs: 0,
  };
}

async function main(): Promise<void> {
  if (!other) throw new Error('usage: cfind-ab-bench.ts <other checkout> [rounds]');
  const dir = mkdtempSync(join(tmpdir(), 'cfind-ab-'));
  const sides = [
    await startSide('this', resolve(__dirname, '../..'), dir),
    await startSide('other', resolve(other), dir),
  ];
  try {
    const round = async (side: Side): Promise<void> => {
      const before = schedTime();
      const timings = await timeFindscu({
        host: '127.0.0.1',
        port: side.port,
        calledAe: AE,
        keys: side.keys,
        associations: 1,
        queriesPerAssociation: QUERIES,
        noDelay: true,
        workDir: dir,
      });
      const spent = schedSince(before, schedTime());
      side.queries.push(...timings.queries);
      side.onCpuMs += spent?.onCpuMs ?? NaN;
      side.waitMs += spent?.waitMs ?? NaN;
    };
    for (const side of sides) await round(side); // warm-up: statement cache, JIT
    for (const side of sides) {
      side.queries.length = 0;
      side.service.length = 0;
      side.onCpuMs = 0;
      side.waitMs = 0;
    }
    // Alternating order, so neither side always runs first after the other.
    for (let r = 0; r < ROUNDS; r++)
      for (const side of r % 2 ? [...sides].reverse() : sides) await round(side);
    for (const side of sides) {
      const n = side.queries.length;
      const at = `gateway.cfind.ab.${side.name}`;
      out(`${at}.p50: ${percentile(side.queries, 50).toFixed(2)} ms (findscu, ${n} queries)`);
      out(`${at}.service.p50: ${percentile(side.service, 50).toFixed(2)} ms (inside the SCP)`);
      out(`${at}.on_cpu: ${(side.onCpuMs / n).toFixed(2)} ms per query (this thread on a CPU)`);
      out(`${at}.cpu_wait: ${(side.waitMs / n).toFixed(2)} ms per query (ready, waiting for a CPU)`);
    }
    const [mine, theirs] = sides as [Side, Side];
    out(
      `gateway.cfind.ab.service_ratio: ${(percentile(mine.service, 50) / percentile(theirs.service, 50)).toFixed(2)}x (this / other; other = ${resolve(other)}; ${machineLoad()})`,
    );
  } finally {
    for (const side of sides) await side.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
