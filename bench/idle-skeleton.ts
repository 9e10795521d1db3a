/**
 * The least any build of this design can take for one idle send here (`dispatch.idle.skeleton`): the same
 * three processes and durable steps as a real send, with none of the product's work. The app's side (in
 * this process) commits a row with fsync, sends a frame the size of a send's through the real relay
 * process to a bare hyco-ws listener process (bench/idle-skeleton-peer.ts) that commits it with fsync
 * and answers, then marks the row confirmed without fsync (as the app's confirmation does, ADR 0032).
 * No signing, no validation, no session, no routes, no audit. Sends `IDLE_GAP_MS` apart, as the idle
 * bench's. The gap between this and `dispatch.idle.p50` is all the product's own code can win back.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bookkeepingCommit } from '../src/main/outbox/outbox-store';
import { openRelaySocket } from '../src/main/relay/open-relay-socket';
import { buildConnectUrl, createSasToken, parseRelayBase, resourceUriFor } from 'modality-link-relay';
import { SEND_KEY } from '../test-support/test-gateway';
import { idle, IDLE_GAP_MS } from './idle-floor';
import { firstOutput, spawnSource } from './source-process';
import { openTempDatabase } from './temp-database';

export const SKELETON_ENTITY = 'skeleton-peer';
const SAMPLES = 24;

function startPeer(relayUrl: string) {
  const child = spawnSource(path.join(__dirname, 'idle-skeleton-peer.ts'), [relayUrl, SKELETON_ENTITY]);
  const ready = firstOutput(child, 'skeleton peer', (out) => (out.includes('listening') ? true : undefined));
  // A bench must never leave a process behind, even when it fails half-way.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const stop = () => {
    process.off('exit', orphanGuard);
    child.kill('SIGTERM');
  };
  return { ready, stop };
}

/** Prints the skeleton's p50, p99 and steps; returns the p50 (ms). */
export async function printSkeleton(
  relayUrl: string,
  quantile: (values: number[], q: number) => number,
): Promise<number> {
  const p50 = (values: number[]) => quantile(values, 0.5);
  const peer = startPeer(relayUrl);
  const { db, close } = openTempDatabase('ml-skeleton-');
  try {
    await peer.ready;
    db.exec('CREATE TABLE outbox (id TEXT PRIMARY KEY, body TEXT NOT NULL, confirmed INTEGER)');
    const insert = db.prepare('INSERT INTO outbox (id, body) VALUES (?, ?)');
    const markConfirmed = db.prepare('UPDATE outbox SET confirmed = 1 WHERE id = ?');
    // The app's own way of committing a confirmation without fsync.
    const withoutFsync = bookkeepingCommit(db);
    const base = parseRelayBase(relayUrl);
    const socket = await openRelaySocket(
      {
        url: buildConnectUrl(base, SKELETON_ENTITY),
        token: () => createSasToken(resourceUriFor(base, SKELETON_ENTITY), 'send', SEND_KEY, 3600),
      },
      SKELETON_ENTITY,
      10_000,
    );
    const now = () => performance.timeOrigin + performance.now();
    const steps: Record<'commit' | 'to_peer' | 'peer_commit' | 'back' | 'confirm', number[]> = {
      commit: [],
      to_peer: [],
      peer_commit: [],
      back: [],
      confirm: [],
    };
    const times: number[] = [];
    for (let i = 0; i <= SAMPLES; i++) {
      await idle(IDLE_GAP_MS);
      const started = now();
      const id = `m${i}`;
      const body = JSON.stringify({ id, payload: 'x'.repeat(2500) }); // a send's frame is ~2.5 kB
      db.transaction(() => insert.run(id, body))();
      const committed = now();
      const reply = await new Promise<{ received: number; committed: number; answered: number }>(
        (resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`skeleton send ${i} not answered in 30 s`)),
            30_000,
          );
          socket.once('message', (data) => {
            clearTimeout(timer);
            const answered = now();
            const reply = JSON.parse(String(data)) as { stored: string; received: number; committed: number };
            withoutFsync(() => db.transaction(() => markConfirmed.run(reply.stored))());
            resolve({ ...reply, answered });
          });
          socket.send(body);
        },
      );
      const ended = now();
      if (i === 0) continue; // the first one warms the path up
      times.push(ended - started);
      steps.commit.push(committed - started);
      steps.to_peer.push(reply.received - committed);
      steps.peer_commit.push(reply.committed - reply.received);
      steps.back.push(reply.answered - reply.committed);
      steps.confirm.push(ended - reply.answered);
    }
    socket.terminate();
    const skeleton = p50(times);
    console.log(
      `dispatch.idle.skeleton.p50: ${skeleton.toFixed(2)} ms (commit with fsync → relay → listener` +
        ` process commits with fsync → answer → confirm; no product code, ${IDLE_GAP_MS} ms apart, same run)`,
    );
    console.log(`dispatch.idle.skeleton.p99: ${quantile(times, 0.99).toFixed(2)} ms`);
    const parts = Object.entries(steps).map(([name, values]) => `${name} ${p50(values).toFixed(2)}`);
    console.log(`dispatch.idle.skeleton.steps: ${parts.join(', ')} (p50 ms each)`);
    return skeleton;
  } finally {
    close();
    peer.stop();
  }
}
