/**
 * The clinic's pattern, measured: one participant sent at a time on an otherwise idle machine, through
 * the app's real services and dispatcher, a relay process and a gateway process (durable SQLite FULL
 * at both ends). Prints the time from "Send to modality" to each message of the send being confirmed:
 * `dispatch.idle.first.p50` (the worklist message) and `dispatch.idle.p50`/`p99` (the last of the send),
 * with the written step beside them (the frame handed to the relay: the trace's `write` mark), the
 * floor measured in the same run (`dispatch.idle.floor`, bench/idle-floor.ts), what a pause does to code
 * (`dispatch.idle.cold_code`, bench/idle-cold-code.ts), and where the time went,
 * phase by phase
 * (bench/idle-phase-trace.ts, ADR 0023). Figures only; nothing here passes or fails.
 */
// First: switches the phase trace on before the modules that read it load.
import { printPhases } from './idle-phase-trace';
import { FLOOR_ENTITY, printFloor } from './idle-floor';
import { printColdCode } from './idle-cold-code';
import { printSkeleton, SKELETON_ENTITY } from './idle-skeleton';
import { firstOutput, spawnSource } from './source-process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LocalRelay } from 'modality-link-relay';
import { DEFAULT_BACKOFF } from '../src/main/outbox/backoff';
import { recordPhases } from 'modality-link-protocol';
import { createDispatchHarness } from '../test-support/dispatch-harness';
import { LISTEN_KEY, SEND_KEY } from '../test-support/test-gateway';
import { transitionAppointment } from '../src/main/services/appointments/appointments';
import type { MessageSummary } from '../src/shared/ipc/views';
import { dispatchCall } from '../src/main/ipc/dispatch';
import { createHandlers } from '../src/main/ipc/handlers';
import { createLogger } from '../src/main/logger';
import { GatewayMonitor } from '../src/main/relay/gateway-monitor';
import { spawnGateway } from '../gateway/test/helpers/cli';
import { machineLoad, schedSince, schedTime, type SchedTime } from '../gateway/bench/sched-time';
import { writeGatewayConfig } from '../integration/support';

const SENDS = Number(process.env.IDLE_BENCH_SENDS ?? 24);
const SPACING_MS = Number(process.env.IDLE_BENCH_SPACING_MS ?? 300);
const ROOT = path.resolve(__dirname, '..');
/** A directory: the gateway writes a CPU profile there at exit (profile the bench with `node --cpu-prof`). */
const GATEWAY_PROFILE_DIR = process.env.IDLE_BENCH_GATEWAY_CPU_PROF;

function startRelayProcess(): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawnSource(path.join(ROOT, 'relay/src/cli.ts'), [
    '--port',
    '0',
    '--entity',
    'alpha-gateway',
    '--entity',
    FLOOR_ENTITY,
    '--entity',
    SKELETON_ENTITY,
    '--rule',
    `listen:${LISTEN_KEY}:listen`,
    '--rule',
    `send:${SEND_KEY}:send`,
    '--log',
    'none',
  ]);
  children.push(child);
  return firstOutput(child, 'relay', (out) => {
    const match = /relay listening on (ws:\/\/127\.0\.0\.1:(\d+))/.exec(out);
    return match ? { child, url: match[1]!, port: Number(match[2]) } : undefined;
  });
}

/** The FHIR and HL7 v2 destinations in their own process (bench/idle-destinations.ts): not the app's CPU. */
function startDestinationsProcess(): Promise<{ child: ChildProcess; fhirUrl: string; mllpPort: number }> {
  const child = spawnSource(path.join(ROOT, 'bench/idle-destinations.ts'));
  children.push(child);
  return firstOutput(child, 'destinations', (out) => {
    if (!out.includes('\n')) return undefined;
    const { fhirUrl, mllpPort } = JSON.parse(out) as { fhirUrl: string; mllpPort: number };
    return { child, fhirUrl, mllpPort };
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const print = (name: string, values: number[]) => {
  console.log(`${name}.p50: ${quantile(values, 0.5).toFixed(2)} ms`);
  console.log(`${name}.p99: ${quantile(values, 0.99).toFixed(2)} ms`);
};

async function main(): Promise<void> {
  const appMarks = recordPhases();
  const relayProcess = await startRelayProcess();
  const relay = { url: relayProcess.url, port: relayProcess.port } as LocalRelay;
  const harness = await createDispatchHarness({ relay, backoff: DEFAULT_BACKOFF });
  const destinations = await startDestinationsProcess();
  const setup = await writeGatewayConfig({
    relay,
    workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
    fhirUrl: destinations.fhirUrl,
    mllpPort: destinations.mllpPort,
  });
  harness.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey, ackTimeoutSeconds: 30 });
  const gateway = await spawnGateway(
    setup.configFile,
    GATEWAY_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${GATEWAY_PROFILE_DIR}`] : [],
  );
  children.push(gateway.child);

  // When each message was confirmed, as the screens are told. (Since ADR 0033 they hear of a written frame
  // only with its confirmation at idle, so the written moment is read from the trace's `write` mark.)
  const confirmed = new Map<string, number>();
  // Woken by the confirmation itself: a polling loop here would take a core from the processes measured.
  let onConfirmed = (): void => {};
  harness.ctx.events.subscribe((event, payload) => {
    if (event !== 'message.changed') return;
    const m = payload as MessageSummary;
    if (m.status === 'confirmed' && !confirmed.has(m.id)) {
      confirmed.set(m.id, performance.now());
      onConfirmed();
    }
  });
  harness.dispatcher.start();
  // The click goes in where the web host's and Electron's calls do: the IPC entry point and the app's
  // handler table, with its input and output checks. Gateway setup and diagnostics are not on this path.
  const notOnThisPath = () => {
    throw new Error('not used by the idle bench');
  };
  const handlers = createHandlers({
    host: 'web',
    version: 'bench',
    siteName: 'bench',
    workstation: {
      id: harness.identity.workstationId,
      publicKey: harness.identity.publicKey,
      keyId: harness.identity.signingKey.keyId,
    },
    monitor: new GatewayMonitor(harness.ctx),
    dispatcher: harness.dispatcher,
    setup: { save: notOnThisPath, testDraft: notOnThisPath },
    exportDiagnostics: notOnThisPath,
  });
  const log = createLogger({ level: 'silent' });

  const appointments = (
    harness.db.$client
      .prepare(`SELECT id FROM appointments WHERE state = 'scheduled' ORDER BY id LIMIT ?`)
      .all(SENDS + 3) as Array<{ id: string }>
  ).map((r) => r.id);
  if (appointments.length < SENDS + 3) throw new Error(`only ${appointments.length} appointments to send`);

  const first: number[] = [];
  const last: number[] = [];
  const firstWritten: number[] = [];
  const answered: number[] = [];
  const byPosition: number[][] = [[], [], []];
  const traced: Array<{ clickedAt: number; ids: string[] }> = [];
  // The send's messages in the order they were created (worklist, FHIR, HL7v2): the order they go out.
  const inCreationOrder = harness.db.$client.prepare(
    `SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
  );
  // How much of the run each process spent waiting for a CPU: the machine is shared (ADR 0021).
  const pids = [process.pid, gateway.child.pid!, relayProcess.child.pid!];
  const schedAtStart: Array<SchedTime | undefined> = [];
  for (const [index, appointmentId] of appointments.entries()) {
    transitionAppointment(harness.ctx, appointmentId, 'checkIn');
    await new Promise((r) => setTimeout(r, SPACING_MS));
    const started = performance.now();
    const answer = await dispatchCall(harness.ctx, handlers, log, 'appointments.sendToModality', {
      appointmentId,
    });
    const answeredAt = performance.now();
    if (!answer.ok) throw new Error(`send ${index} refused: ${answer.error.message}`);
    const sent = (answer.value as { messages: MessageSummary[] }).messages.map((m) => m.id);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`send ${index} not confirmed in 30 s`)), 30_000);
      onConfirmed = () => {
        if (!sent.every((id) => confirmed.has(id))) return;
        clearTimeout(timer);
        resolve();
      };
      onConfirmed();
    });
    // Ordered only now: a query here would run between the send and the dispatcher's claim.
    const ids = (inCreationOrder.all(JSON.stringify(sent)) as Array<{ id: string }>).map((r) => r.id);
    if (index < 3) continue; // warm-up: first connection, JIT, prepared statements
    if (index === 3) schedAtStart.push(...pids.map((pid) => schedTime(pid)));
    answered.push(answeredAt - started);
    const times = ids.map((id) => confirmed.get(id)! - started);
    first.push(times[0]!);
    last.push(Math.max(...times));
    const writeMark = appMarks.find((mark) => mark.phase === 'write' && mark.id === ids[0]);
    if (writeMark) firstWritten.push(writeMark.at - (performance.timeOrigin + started));
    times.forEach((t, i) => byPosition[i]?.push(t));
    traced.push({ clickedAt: performance.timeOrigin + started, ids });
  }

  console.log(
    `dispatch.idle.sends: ${first.length} (each ${byPosition.filter((p) => p.length).length} messages, ${SPACING_MS} ms apart)`,
  );
  print('dispatch.idle', last);
  console.log(`dispatch.idle.first.p50: ${quantile(first, 0.5).toFixed(2)} ms`);
  console.log(`dispatch.idle.first.written.p50: ${quantile(firstWritten, 0.5).toFixed(2)} ms`);
  console.log(`dispatch.idle.answered.p50: ${quantile(answered, 0.5).toFixed(2)} ms (the click's answer)`);
  const perSend = (ms: number) => (ms / first.length).toFixed(2);
  const sched = pids.map((pid, i) => schedSince(schedAtStart[i], schedTime(pid)));
  ['app', 'gateway', 'relay'].forEach((name, i) => {
    const t = sched[i];
    if (t)
      console.log(
        `dispatch.idle.${name}.cpu_wait: ${perSend(t.waitMs)} ms per send (on_cpu ${perSend(t.onCpuMs)} ms)`,
      );
  });
  console.log(`dispatch.idle.machine: ${machineLoad()}`);
  byPosition.forEach((values, i) => {
    if (values.length)
      console.log(`dispatch.idle.message${i + 1}.p50: ${quantile(values, 0.5).toFixed(2)} ms`);
  });

  await printFloor(relay, (values) => quantile(values, 0.5));
  await printColdCode((values) => quantile(values, 0.5));
  const skeleton = await printSkeleton(relay.url, quantile);
  const idleP50 = quantile(last, 0.5);
  console.log(
    `dispatch.idle.over_skeleton: ${(idleP50 - skeleton).toFixed(2)} ms (dispatch.idle.p50 − skeleton p50: the` +
      ` product's own code, ×${(idleP50 / skeleton).toFixed(2)} the skeleton, same run)`,
  );
  await harness.close();
  await Promise.all([stopChild(gateway.child), stopChild(relayProcess.child), stopChild(destinations.child)]);
  // The relay and gateway write their marks as they exit, so this comes after stopping them.
  printPhases(appMarks, traced, (values) => quantile(values, 0.5));
}

/** SIGTERM, then SIGKILL after a grace: a benchmark must never leave a relay or gateway behind. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
