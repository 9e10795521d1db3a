/**
 * The physical floor of one send on this machine, measured in the idle bench's own run (ADR 0023,
 * rounds 2 and 3): a send needs two durable commits (the app's send, the gateway's store-before-reply;
 * the app's confirmation skips its fsync since round 3) and one round trip app → relay → listener →
 * relay → app. `dispatch.idle.floor` is 2 × the fsync p50 of the bench's temp folder plus the p50 of
 * that round trip to a listener that answers at once (in this process: no signing, no SQLite, no
 * gateway), so a reader sees how far the idle figures are from what the disk and the relay alone cost.
 * `dispatch.idle.wake_rtt` adds what that in-process round trip hides: a hop to another process after
 * 300 ms of idle first waits for a CPU to wake (ADR 0023, "The cost of a cold hop").
 * `dispatch.idle.floor.cold` is the same floor with every fsync and every round trip measured 300 ms
 * after the previous one, as a clinic's sends are spaced: what an idle send must pay (ADR 0032).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LocalRelay } from 'modality-link-relay';
import { openRelaySocket } from '../src/main/relay/open-relay-socket';
import { startScriptedPeer } from '../test-support/scripted-peer';

export const FLOOR_ENTITY = 'floor-echo';
const SAMPLES = 40;
/** A clinic's spacing between sends, and how many samples are taken at that spacing. */
export const IDLE_GAP_MS = 300;
const IDLE_SAMPLES = 20;

export const idle = (gapMs: number): Promise<unknown> => new Promise((r) => setTimeout(r, gapMs));

/**
 * fdatasync (what SQLite's commit does on Linux) of a small append, in the folder the app's database
 * uses, `gapMs` after the previous one (0: back to back).
 */
async function fsyncTimes(gapMs: number, count: number): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-floor-'));
  const fd = fs.openSync(path.join(dir, 'wal'), 'a');
  const page = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      if (gapMs > 0) await idle(gapMs);
      fs.writeSync(fd, page);
      const started = performance.now();
      fs.fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/**
 * Round trips of a small text frame through the relay to a listener that echoes it, one at a time,
 * `gapMs` after the previous one.
 */
async function roundTripTimes(relay: LocalRelay, gapMs: number, count: number): Promise<number[]> {
  const peer = await startScriptedPeer(relay, FLOOR_ENTITY, (request) => request);
  const socket = await openRelaySocket(peer.endpoint('modality-link/1'), FLOOR_ENTITY, 10_000);
  const times: number[] = [];
  try {
    for (let i = 0; i <= count; i++) {
      await idle(gapMs);
      const started = performance.now();
      await new Promise<void>((resolve) => {
        socket.once('message', () => resolve());
        socket.send(JSON.stringify({ ping: i }));
      });
      if (i > 0) times.push(performance.now() - started); // the first one warms the path up
    }
  } finally {
    socket.terminate();
    await peer.close();
  }
  return times;
}

/** A byte echoed by a second Node process over loopback TCP, `gapMs` after the previous one. */
async function wakeRoundTrips(gapMs: number, count: number): Promise<number[]> {
  const echo = `const s=require('net').createServer(c=>{c.setNoDelay(true);c.on('data',d=>c.write(d))});
s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'))`;
  const child = spawn(process.execPath, ['-e', echo], { stdio: ['ignore', 'pipe', 'inherit'] });
  const times: number[] = [];
  try {
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d) => resolve(Number(String(d)))),
    );
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once('connect', resolve));
    for (let i = 0; i <= count; i++) {
      if (gapMs > 0) await idle(gapMs);
      const started = performance.now();
      await new Promise<void>((resolve) => {
        socket.once('data', () => resolve());
        socket.write('x');
      });
      if (i > 0) times.push(performance.now() - started);
    }
    socket.destroy();
  } finally {
    child.kill();
  }
  return times;
}

export async function printFloor(relay: LocalRelay, p50: (values: number[]) => number): Promise<void> {
  const fsync = p50(await fsyncTimes(0, SAMPLES));
  const roundTrip = p50(await roundTripTimes(relay, 5, SAMPLES));
  const floor = 2 * fsync + roundTrip;
  console.log(
    `dispatch.idle.floor: ${floor.toFixed(2)} ms (2 × fsync p50 ${fsync.toFixed(2)} ms` +
      ` + relay round trip p50 ${roundTrip.toFixed(2)} ms, measured in this run)`,
  );
  // The floor above is warm (fsyncs back to back, round trips 5 ms apart); an idle send pays both cold.
  const coldFsync = p50(await fsyncTimes(IDLE_GAP_MS, IDLE_SAMPLES));
  const coldRoundTrip = p50(await roundTripTimes(relay, IDLE_GAP_MS, IDLE_SAMPLES));
  console.log(
    `dispatch.idle.floor.cold: ${(2 * coldFsync + coldRoundTrip).toFixed(2)} ms (2 × fsync p50` +
      ` ${coldFsync.toFixed(2)} ms + relay round trip p50 ${coldRoundTrip.toFixed(2)} ms, each` +
      ` ${IDLE_GAP_MS} ms after the last; warm floor ${floor.toFixed(2)} ms, same run)`,
  );
  // A clinic's sends are 300 ms apart: by then the processes' CPUs have gone idle, and each of a send's
  // four process hops (app → relay → gateway → relay → app) first waits for one to wake up.
  const afterIdle = p50(await wakeRoundTrips(IDLE_GAP_MS, IDLE_SAMPLES));
  const backToBack = p50(await wakeRoundTrips(0, 200));
  console.log(
    `dispatch.idle.wake_rtt: ${afterIdle.toFixed(3)} ms (a loopback round trip to another Node process ${IDLE_GAP_MS} ms` +
      ` after the last, p50; baseline back to back ${backToBack.toFixed(3)} ms, same run)`,
  );
}
