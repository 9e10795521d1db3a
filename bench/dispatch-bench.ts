/**
 * Dispatcher benchmark (issue 4). Through the local relay to a durable listener that commits every
 * frame to SQLite with synchronous=FULL before replying, as the gateway does, it measures in one run:
 * sustained outbox→confirmed throughput, send→confirmed latency at a light load, and a baseline that
 * sends the same messages the seed's way (one connection per message, waiting for each reply).
 * Prints `name: value unit` lines. Run: npm run bench (or node --conditions=source --import tsx bench/dispatch-bench.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { toOutgoingAction } from '../src/main/outbox/envelope';
import { addGateway, createDispatchHarness, queueRawMessages } from '../test-support/dispatch-harness';
import { startTestGateway, startTestRelay } from '../test-support/test-gateway';
import type { ActionEnvelope } from 'modality-link-protocol';

const THROUGHPUT_MESSAGES = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 20_000);
const LATENCY_MESSAGES = 300;
const BASELINE_MESSAGES = 300;

function durableStore(dir: string, name: string) {
  const db = new Database(path.join(dir, `${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS inbox (action_id TEXT PRIMARY KEY, received_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT OR IGNORE INTO inbox VALUES (?, ?)');
  const commit = db.transaction((actions: ActionEnvelope[]) => {
    const at = new Date().toISOString();
    for (const a of actions) insert.run(a.action_id, at);
  });
  return { store: (actions: ActionEnvelope[]) => commit(actions), close: () => db.close() };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-'));
  const relay = await startTestRelay(['alpha-gateway', 'baseline']);
  const harness = await createDispatchHarness({ relay });
  const durable = durableStore(dir, 'gateway');
  const baselineStore = durableStore(dir, 'baseline');
  const gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
    store: durable.store,
  });
  const baselineGateway = await startTestGateway({
    relay,
    entity: 'baseline',
    store: baselineStore.store,
    compatProfiles: ['poc-five'],
  });
  harness.pointGateway({ gatewayPublicKey: gateway.publicKey, ackTimeoutSeconds: 30 });
  addGateway(harness.db, {
    id: 'gateway-baseline',
    entity: 'baseline',
    port: relay.port,
    profile: 'poc-five',
  });
  harness.dispatcher.start();

  // Warm up the session and the JIT.
  queueRawMessages(harness.db, 'gateway-alpha', 500, 'warm');
  harness.dispatcher.wake();
  await harness.waitFor(() => harness.statusCounts().confirmed === 500, 'warm-up', 60_000);

  // 1. Sustained throughput: a backlog drained from the outbox to confirmed.
  queueRawMessages(harness.db, 'gateway-alpha', THROUGHPUT_MESSAGES, 'load');
  let started = performance.now();
  harness.dispatcher.wake();
  await harness.waitFor(
    () => harness.statusCounts().confirmed === 500 + THROUGHPUT_MESSAGES,
    'throughput run',
    120_000,
  );
  const throughput = THROUGHPUT_MESSAGES / ((performance.now() - started) / 1000);

  // 2. Latency at a light load: one message at a time, from queued to confirmed.
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    const [id] = queueRawMessages(harness.db, 'gateway-alpha', 1, `light-${i}`);
    const t0 = performance.now();
    harness.dispatcher.wake();
    const confirmed = harness.db.$client.prepare(`SELECT status FROM messages WHERE id = ?`);
    while ((confirmed.get(id) as { status: string }).status !== 'confirmed')
      await new Promise((resolve) => setImmediate(resolve));
    latencies.push(performance.now() - t0);
  }

  // 3. Baseline: the seed's way, one connection per message, each reply awaited before the next.
  const channel = harness.dispatcher.channelFor('gateway-baseline');
  started = performance.now();
  for (let i = 0; i < BASELINE_MESSAGES; i++) {
    await new Promise<void>((resolve, reject) =>
      channel.send(
        toOutgoingAction({
          id: `base-${i}`,
          type: 'FHIR',
          actionType: 'message.deliver',
          payload: '{"resourceType":"ServiceRequest"}',
          destination: 'trust-fhir',
          appointmentId: null,
          participantId: null,
          createdAt: new Date().toISOString(),
          accessionNumber: null,
        }),
        { written: () => {}, replied: () => resolve(), failed: (f) => reject(f) },
      ),
    );
  }
  const baseline = BASELINE_MESSAGES / ((performance.now() - started) / 1000);

  console.log(`dispatch.throughput: ${throughput.toFixed(0)} msg/s`);
  console.log(`dispatch.latency.p50: ${percentile(latencies, 50).toFixed(2)} ms`);
  console.log(`dispatch.latency.p99: ${percentile(latencies, 99).toFixed(2)} ms`);
  console.log(`dispatch.baseline.throughput: ${baseline.toFixed(0)} msg/s`);
  console.log(`dispatch.speedup: ${(throughput / baseline).toFixed(1)} x`);
  console.log(
    `dispatch.receiver.unique: ${gateway.unique.size} actions (of ${500 + THROUGHPUT_MESSAGES + LATENCY_MESSAGES} sent)`,
  );

  await harness.close();
  await gateway.close();
  await baselineGateway.close();
  durable.close();
  baselineStore.close();
  await relay.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
