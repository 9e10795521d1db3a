/**
 * "Send to modality" alone (ADR 0023, round 2): the service call a click makes, with its one FULL
 * transaction and the view it returns, on a real SQLite file, no dispatcher. Prints the p50 of its wall
 * time and of this process's CPU time per send. Figures only; nothing here passes or fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { transitionAppointment } from '../src/main/services/appointments/appointments';
import { sendToModality } from '../src/main/services/appointments/send-to-modality';
import { createTestApp } from '../test-support/test-app';

const SENDS = 30; // the demo seed's scheduled appointments in the test app
const WARM_UP = 5; // first statements prepared, JIT

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-send-bench-'));
try {
  const { db, ctx } = createTestApp({ file: path.join(dir, 'app.db') });
  const ids = (
    db.$client
      .prepare(`SELECT id FROM appointments WHERE state = 'scheduled' ORDER BY id LIMIT ?`)
      .all(SENDS) as Array<{ id: string }>
  ).map((r) => r.id);
  if (ids.length < SENDS) throw new Error(`only ${ids.length} appointments to send`);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const [index, id] of ids.entries()) {
    transitionAppointment(ctx, id, 'checkIn');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    sendToModality(ctx, id, 'sendToModality');
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    if (index < WARM_UP) continue;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
  }
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`send.transaction.p50: ${p50(wall).toFixed(2)} ms (${wall.length} sends)`);
  console.log(`send.transaction.cpu.p50: ${p50(cpu).toFixed(2)} ms`);
  db.$client.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
