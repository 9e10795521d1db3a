/**
 * Gateway benchmark: how many actions per second the gateway commits (synchronous=FULL) and acknowledges,
 * through the local relay with signed modality-link/1 frames, against the built gateway running as its
 * own process (`node gateway/bin/modality-link-gateway.js run`), plus its idle memory. Prints figures; never passes or fails.
 *
 *   gateway.ack.single      one action per frame, one in flight: a relay round trip and an fsync each
 *   gateway.ack.throughput  frames of 256 actions, pipelined up to the session window: group commits
 *   gateway.baseline.txn_per_action  the same inbox work in-process with one transaction per action
 *   gateway.ack.process.*   the gateway process (all threads) during the burst: µs on a CPU per action,
 *                           and the share of its runnable time spent waiting for a CPU (sched-time.ts).
 *                           Throughput follows the shared machine's load and disk; on_cpu does far less
 *   gateway.rss.idle        VmRSS of the gateway process after 5 s idle, started as the installed service is
 *                           (node with gateway/service-node-flags.json); the baseline is node's defaults
 *
 * Knobs: GATEWAY_BENCH_BURST / _SINGLE / _BASELINE (counts), GATEWAY_BENCH_SESSION (JSON overriding the
 * `session` config, e.g. '{"window":8192}'), GATEWAY_BENCH_NODE_ARGS (flags for the gateway process).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { signFrame, type ActionEnvelope, type ActionsFrame } from 'modality-link-protocol';
import { openGatewayDb } from '#gateway/db/open';
import { createActionApplier } from '#gateway/inbox/action-applier';
import { InboxStore } from '#gateway/inbox/inbox-store';
import { worklistStore } from '#gateway/worklist/binding';
import { action, worklistItem, WorkstationSession } from '../test/helpers/clients';
import { writeTestConfig } from '../test/helpers/config';
import { startTestRelay, type TestRelay } from '../test/helpers/relay';
import SERVICE_NODE_FLAGS from '../service-node-flags.json';
import { machineLoad, schedSince, schedTime } from './sched-time';

const BURST = Number(process.env.GATEWAY_BENCH_BURST ?? 20_000);
const SINGLE = Number(process.env.GATEWAY_BENCH_SINGLE ?? 1000);
const BASELINE = Number(process.env.GATEWAY_BENCH_BASELINE ?? 2000);
const IDLE_MS = 5000;
const here = __dirname;

const out = (line: string): void => void process.stdout.write(`${line}\n`);
let accession = 0;
const creates = (n: number): ActionEnvelope[] =>
  Array.from({ length: n }, () =>
    action('worklist.create_item', {
      worklist_item: worklistItem(`BN${String((accession += 1)).padStart(10, '0')}`),
    }),
  );

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(here, '../build.mjs')], { stdio: 'inherit' });
  const relay = await startTestRelay(30_000);
  const setup = await writeTestConfig(relay, {
    destinations: [],
    allowed_destinations: [],
    // The services `init`'s starter config turns on: worklist with MPPS, and the storage SCP.
    worklist: { enabled: true, host: '127.0.0.1', port: 0, mpps: true },
    storage: { enabled: true, host: '127.0.0.1', port: 0 },
    watchdog: { interval_seconds: 60, timeout_seconds: 30 },
    // The production session defaults (window included), not the tests' short timers.
    session: JSON.parse(process.env.GATEWAY_BENCH_SESSION ?? '{}') as Record<string, unknown>,
    log: { level: 'warn' },
  });
  // Extra node flags for the gateway process, e.g. GATEWAY_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env.GATEWAY_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // A first start creates the database and keys, so neither measured start pays for that.
  await (await startIdleGateway(relay, setup.configFile, nodeArgs, 0)).stop();
  // Baseline: the same gateway on node's default flags, stopped before the measured one starts.
  const plain = await startIdleGateway(relay, setup.configFile, nodeArgs);
  await plain.stop();
  // As the installed service runs it: node with the service's flags (what the launchers pass).
  const gateway = await startIdleGateway(relay, setup.configFile, [...SERVICE_NODE_FLAGS, ...nodeArgs]);
  try {
    const session = await WorkstationSession.open(relay, setup.workstationKey, setup.workstationId);
    const window = Number(session.helloOk.window);

    // Single: one action per frame, wait for its reply before the next.
    const singles = creates(SINGLE);
    let started = performance.now();
    for (const a of singles) {
      await session.sendActions([a]);
      await session.replies([a.action_id]);
    }
    const single = SINGLE / ((performance.now() - started) / 1000);

    // Burst: frames signed up front (signing is the app's cost, not the gateway's), pipelined up to the window.
    const burst = creates(BURST);
    const frames: ActionsFrame[] = [];
    for (let i = 0; i < burst.length; i += 256) {
      frames.push(
        await signFrame<ActionsFrame>(
          {
            kind: 'actions',
            frame_id: randomUUID(),
            timestamp: new Date().toISOString(),
            actions: burst.slice(i, i + 256),
          },
          session.key,
        ),
      );
    }
    let replied = 0;
    let inFlight = 0;
    let next = 0;
    let created = 0;
    const done = new Promise<void>((resolveDone, rejectDone) => {
      session.client.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as {
          kind: string;
          replies?: Array<{ reply: { status: string } }>;
          code?: string;
        };
        if (frame.kind === 'error') return rejectDone(new Error(`gateway refused a frame: ${frame.code}`));
        if (frame.kind !== 'replies') return;
        replied += frame.replies!.length;
        inFlight -= frame.replies!.length;
        created += frame.replies!.filter((r) => r.reply.status === 'created').length;
        pump();
        if (replied === BURST) resolveDone();
      });
    });
    const pump = (): void => {
      while (next < frames.length && inFlight + frames[next]!.actions.length <= window) {
        inFlight += frames[next]!.actions.length;
        session.client.ws.send(JSON.stringify(frames[next]!));
        next += 1;
      }
    };
    const cpuBefore = schedTime(gateway.pid);
    started = performance.now();
    pump();
    await done;
    const throughput = BURST / ((performance.now() - started) / 1000);
    const cpu = schedSince(cpuBefore, schedTime(gateway.pid));
    session.close();
    if (created !== BURST) throw new Error(`expected ${BURST} created, got ${created}`);

    const baseline = baselineTxnPerAction();
    out(
      `gateway.ack.throughput: ${Math.round(throughput)} actions/s (${BURST} actions, 256 per frame, window ${window})`,
    );
    if (cpu) {
      out(
        `gateway.ack.process.on_cpu: ${Math.round((cpu.onCpuMs * 1000) / BURST)} µs per action (the gateway process's threads on a CPU during the burst)`,
      );
      out(
        `gateway.ack.process.cpu_wait: ${Math.round((100 * cpu.waitMs) / (cpu.onCpuMs + cpu.waitMs))}% of its runnable time waiting for a CPU (the machine's load, not the gateway; ${machineLoad()})`,
      );
    }
    out(
      `gateway.ack.single: ${Math.round(single)} actions/s (${SINGLE} actions, one per frame, one in flight)`,
    );
    out(
      `gateway.baseline.txn_per_action: ${Math.round(baseline)} actions/s (in-process, no relay, one transaction each)`,
    );
    out(
      `gateway.ack.group_commit_ratio: ${(throughput / baseline).toFixed(1)}x (burst through the relay vs baseline)`,
    );
    out(
      `gateway.rss.idle: ${gateway.rss.toFixed(1)} MB (after ${IDLE_MS / 1000} s idle: listener, worklist/MPPS and storage SCPs up; node ${SERVICE_NODE_FLAGS.join(' ')})`,
    );
    out(`gateway.rss.idle.baseline: ${plain.rss.toFixed(1)} MB (the same, on node's default flags)`);
  } finally {
    await gateway.stop();
    await relay.relay.stop();
  }
}

interface IdleGateway {
  pid: number | undefined;
  rss: number;
  stop(): Promise<void>;
}

/** `run` in its own process; its VmRSS once its listener has been connected and idle for `idleMs`. */
async function startIdleGateway(
  relay: TestRelay,
  configFile: string,
  nodeFlags: string[],
  idleMs = IDLE_MS,
): Promise<IdleGateway> {
  const listeners = relay.relay.counters().listeners;
  const child = spawn(
    process.execPath,
    [...nodeFlags, resolve(here, '../bin/modality-link-gateway.js'), 'run', '--config', configFile],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
    while (relay.relay.counters().listeners > listeners) await new Promise((r) => setTimeout(r, 20));
  };
  while (relay.relay.counters().listeners === listeners) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, idleMs));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return { pid: child.pid, rss: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024, stop };
}

/** The inbox work of create_item with one synchronous=FULL transaction per action: what group commit saves. */
function baselineTxnPerAction(): number {
  const db = openGatewayDb(join(tmpdir(), `ml-bench-${process.pid}`));
  const inbox = new InboxStore(db);
  const apply = db.transaction(
    createActionApplier({ inbox, worklist: worklistStore, isAllowed: () => false }),
  );
  const actions = creates(BASELINE);
  const started = performance.now();
  for (const a of actions) apply({ action: a, profile: 'bench', workstationId: 'ws' });
  const rate = BASELINE / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
