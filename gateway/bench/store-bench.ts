/**
 * Storage SCP at tomosynthesis scale (`npm run bench`, or
 * `node --conditions=source --import tsx gateway/bench/store-bench.ts`). Prints figures beside DCMTK
 * `storescp` receiving the same files in the same run; never judges them. MB = 2^20 bytes.
 *
 *   gateway.store.rss.peak.1gb       the gateway process's peak RSS (VmHWM) storing one 1 GiB object
 *   gateway.store.rss.peak.8x200mb   … storing 8 × 200 MiB objects from 8 storescu at once
 *   storescp.store.rss.peak.*        storescp's peak for the same (default mode: it holds a data set in
 *                                    memory, as the gateway did before streaming; one association at a time)
 *   gateway.cfind.p99.during_store   findscu C-FIND p99 (today's MG for a room, 10,000 items) while the
 *                                    8 × 200 MiB store runs, beside gateway.cfind.p99.idle just before
 *   gateway.store.throughput         MB/s for 50 FFDM-size (~30 MB) objects on one storescu association,
 *   storescp.store.throughput        the same into storescp, and their quotient (the gateway also hashes,
 *   gateway.store.throughput.ratio   fsyncs, indexes and thumbnails each image; storescp does not); the
 *                                    two take turns over 3 rounds and the medians are printed, with each
 *   gateway.store.cpu_per_object     process's CPU time per object (and, per round, its wait for a CPU)
 *
 * `store-bench.ts [1gb] [8x200mb] [throughput] [--before <checkout>]`: the scenarios named (all by
 * default); `--before` adds another checkout's gateway to each throughput round (before/after a change).
 *
 * The objects are generated into a temporary folder and deleted, with everything received, at the end.
 * Needs about 8 GiB free beyond the gateway's disk reserve; with less, or without DCMTK, it prints why
 * it skipped and exits 0.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HEALTHY_RESERVE } from '#gateway/health';
import { MATRIX, writeBigMammogram, WORKLIST_AE, type Matrix } from './big-objects';
import { timeFindscu, type FindscuRun } from './findscu-timing';
import { haveDcmtk, startGateway, startStorescp, storescu, type Receiver } from './store-processes';
import { machineLoad, schedSince, schedTime } from './sched-time';
import { benchQueryKeys } from './worklist-fixture';

const exec = promisify(execFile);
const MB = 1024 * 1024;
const NEEDED_BYTES = 8 * 1024 * MB;
const FFDM_COUNT = 50;
const CONCURRENT = 8;
const THROUGHPUT_ROUNDS = 3;
/** `--before <checkout>`: the gateway before a change, measured in the same rounds. */
const BEFORE = ((i) => (i >= 0 ? process.argv[i + 1] : undefined))(process.argv.indexOf('--before'));

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const mb = (bytes: number): string => (bytes / MB).toFixed(0);
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const work = mkdtempSync(join(tmpdir(), 'store-bench-'));
let scratch = 0;
/** A fresh, empty folder under the work folder. */
const folder = (name: string): string => {
  const dir = join(work, `${name}-${(scratch += 1)}`);
  mkdirSync(dir);
  return dir;
};

async function makeObjects(count: number, matrix: Matrix): Promise<{ files: string[]; bytes: number }> {
  const dir = folder('objects');
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const file = join(dir, `${i}.dcm`);
    bytes += await writeBigMammogram(file, matrix);
    files.push(file);
  }
  return { files, bytes };
}

/** Runs `body` against a receiver started in a fresh folder; stops it and deletes what it received. */
async function withReceiver<T>(
  start: (dir: string) => Promise<Receiver>,
  body: (receiver: Receiver) => Promise<T>,
): Promise<T> {
  const dir = folder('received');
  // Generated objects and the last receiver's files reach the disk first, not during the measurement.
  await exec('sync');
  const receiver = await start(dir);
  try {
    return await body(receiver);
  } finally {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const storeAll = (receiver: Receiver, files: string[]) =>
  Promise.all(files.map((file) => storescu(receiver.storagePort, [file])));

async function oneGigabyte(): Promise<void> {
  const objects = await makeObjects(1, MATRIX.oneGigabyte);
  const peak = async (start: (dir: string) => Promise<Receiver>) =>
    withReceiver(start, async (receiver) => {
      const before = receiver.rss().now;
      await storescu(receiver.storagePort, objects.files);
      return { ...receiver.rss(), before };
    });
  const gateway = await peak(startGateway);
  const storescp = await peak(startStorescp);
  out(
    `gateway.store.rss.peak.1gb: ${mb(gateway.peak)} MB (one ${mb(objects.bytes)} MB object; ` +
      `${mb(gateway.before)} MB before it; goal <= 250)`,
  );
  out(`storescp.store.rss.peak.1gb: ${mb(storescp.peak)} MB (DCMTK storescp, same object)`);
  rmSync(objects.files[0]!, { force: true });
}

function findscuRun(port: number, associations: number, queries: number): FindscuRun {
  return {
    host: '127.0.0.1',
    port,
    calledAe: WORKLIST_AE,
    keys: ['PatientName', 'AccessionNumber', ...benchQueryKeys],
    associations,
    queriesPerAssociation: queries,
    noDelay: true,
    workDir: work,
  };
}

async function concurrentStores(): Promise<void> {
  const objects = await makeObjects(CONCURRENT, MATRIX.twoHundredMegabytes);
  const gateway = await withReceiver(startGateway, async (receiver) => {
    const port = receiver.worklistPort!;
    await timeFindscu(findscuRun(port, 1, 5)); // warm-up: statement cache, JIT
    const idle = await timeFindscu(findscuRun(port, 5, 10));
    const before = receiver.rss().now;
    let storing = true;
    const stores = storeAll(receiver, objects.files).finally(() => (storing = false));
    const during: number[] = [];
    while (storing) during.push(...(await timeFindscu(findscuRun(port, 1, 5))).queries);
    await stores;
    return { rss: receiver.rss(), before, idle: idle.queries, during };
  });
  const storescp = await withReceiver(startStorescp, async (receiver) => {
    await storeAll(receiver, objects.files);
    return receiver.rss();
  });
  out(
    `gateway.store.rss.peak.8x200mb: ${mb(gateway.rss.peak)} MB (${CONCURRENT} storescu at once, ` +
      `${mb(objects.bytes)} MB in all; ${mb(gateway.before)} MB before; goal <= 250)`,
  );
  out(`storescp.store.rss.peak.8x200mb: ${mb(storescp.peak)} MB (DCMTK storescp, same objects)`);
  out(
    `gateway.cfind.p99.during_store: ${percentile(gateway.during, 99).toFixed(1)} ms ` +
      `(${gateway.during.length} findscu queries during the 8 x 200 MB store; goal <= 200)`,
  );
  out(
    `gateway.cfind.p99.idle: ${percentile(gateway.idle, 99).toFixed(1)} ms (${gateway.idle.length} queries, no store running)`,
  );
  for (const file of objects.files) rmSync(file, { force: true });
}

/** One receiver's figures for the 50 objects: MB/s, and its CPU time per object with the wait for one. */
interface Rate {
  mbPerSecond: number;
  cpuMsPerObject: number;
  cpuWaitPercent: number;
}

async function rate(start: (dir: string) => Promise<Receiver>, objects: { files: string[]; bytes: number }) {
  return withReceiver(start, async (receiver): Promise<Rate> => {
    const before = schedTime(receiver.pid);
    const { seconds } = await storescu(receiver.storagePort, objects.files);
    const cpu = schedSince(before, schedTime(receiver.pid));
    return {
      mbPerSecond: objects.bytes / MB / seconds,
      cpuMsPerObject: cpu ? cpu.onCpuMs / objects.files.length : NaN,
      cpuWaitPercent: cpu ? (100 * cpu.waitMs) / (cpu.onCpuMs + cpu.waitMs) : NaN,
    };
  });
}

const median = (values: number[]): number => percentile(values, 50);
const rateText = (r: Rate): string =>
  `${r.mbPerSecond.toFixed(1)} MB/s, ${r.cpuMsPerObject.toFixed(0)} ms CPU per object, ` +
  `${r.cpuWaitPercent.toFixed(0)}% of runnable time waiting for a CPU`;

/**
 * The gateway and storescp take turns, `THROUGHPUT_ROUNDS` times, so each quotient compares two runs a
 * few seconds apart: on the shared machine the load moves more between minutes than any change does
 * (ADR 0021). With `--before <checkout>`, that checkout's gateway takes a turn in each round as well.
 */
async function throughput(): Promise<void> {
  const objects = await makeObjects(FFDM_COUNT, MATRIX.ffdm);
  const each = mb(objects.bytes / FFDM_COUNT);
  const rounds: Array<{ gateway: Rate; before?: Rate; storescp: Rate }> = [];
  for (let round = 1; round <= THROUGHPUT_ROUNDS; round += 1) {
    const before = BEFORE ? await rate((dir) => startGateway(dir, BEFORE), objects) : undefined;
    const gateway = await rate(startGateway, objects);
    const storescp = await rate(startStorescp, objects);
    rounds.push({ gateway, before, storescp });
    out(`round ${round}: gateway ${rateText(gateway)}; storescp ${rateText(storescp)}`);
    if (before) out(`round ${round}: before ${rateText(before)}`);
    out(
      `round ${round}: ratio ${(gateway.mbPerSecond / storescp.mbPerSecond).toFixed(2)}` +
        (before ? `, before ${(before.mbPerSecond / storescp.mbPerSecond).toFixed(2)}` : '') +
        `; ${machineLoad()}`,
    );
  }
  const rates = (pick: (r: (typeof rounds)[number]) => Rate | undefined) =>
    rounds.map(pick).filter((r): r is Rate => r !== undefined);
  const ratios = (pick: (r: (typeof rounds)[number]) => Rate | undefined) =>
    rounds.map((r) => pick(r)!.mbPerSecond / r.storescp.mbPerSecond);
  out(
    `gateway.store.throughput: ${median(rates((r) => r.gateway).map((r) => r.mbPerSecond)).toFixed(1)} MB/s ` +
      `(median of ${THROUGHPUT_ROUNDS} rounds; ${FFDM_COUNT} x ${each} MB, one storescu association)`,
  );
  out(
    `storescp.store.throughput: ${median(rates((r) => r.storescp).map((r) => r.mbPerSecond)).toFixed(1)} MB/s ` +
      `(DCMTK storescp, same files, its turn in each round)`,
  );
  out(
    `gateway.store.throughput.ratio: ${median(ratios((r) => r.gateway)).toFixed(2)} ` +
      `(median of the rounds' quotients; goal >= 0.8)`,
  );
  out(
    `gateway.store.cpu_per_object: ${median(rates((r) => r.gateway).map((r) => r.cpuMsPerObject)).toFixed(0)} ms ` +
      `(storescp ${median(rates((r) => r.storescp).map((r) => r.cpuMsPerObject)).toFixed(0)} ms; every thread of the receiving process)`,
  );
  if (BEFORE)
    out(
      `before.store.throughput.ratio: ${median(ratios((r) => r.before)).toFixed(2)} ` +
        `(${BEFORE}; CPU per object ${median(rates((r) => r.before).map((r) => r.cpuMsPerObject)).toFixed(0)} ms)`,
    );
  for (const file of objects.files) rmSync(file, { force: true });
}

function skipReason(): string | undefined {
  const disk = statfsSync(work);
  const free = disk.bavail * disk.bsize;
  const reserve = Math.max(HEALTHY_RESERVE.bytes, (disk.blocks * disk.bsize * HEALTHY_RESERVE.percent) / 100);
  if (free < NEEDED_BYTES + reserve)
    return `${mb(free)} MB free in ${tmpdir()}, ${mb(NEEDED_BYTES + reserve)} MB needed (objects, copies, reserve)`;
  return undefined;
}

const SCENARIOS = { '1gb': oneGigabyte, '8x200mb': concurrentStores, throughput };

/** All scenarios, or the ones named on the command line (`1gb`, `8x200mb`, `throughput`). */
async function main(): Promise<void> {
  if (!(await haveDcmtk())) return out('store-bench: skipped: DCMTK storescu/storescp/findscu not on PATH');
  const skip = skipReason();
  if (skip) return out(`store-bench: skipped: ${skip}`);
  const named = process.argv.slice(2).filter((arg) => arg in SCENARIOS);
  for (const [name, scenario] of Object.entries(SCENARIOS))
    if (named.length === 0 || named.includes(name)) await scenario();
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`store-bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
