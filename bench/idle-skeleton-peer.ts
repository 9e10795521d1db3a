/**
 * The skeleton's listener process (bench/idle-skeleton.ts): a bare hyco-ws listener on the relay that
 * stores each frame it receives in SQLite (WAL, synchronous FULL: durable before it answers) and answers
 * with the frame's id and when it received and committed it (for the skeleton's steps). No session, no
 * signature, no validation: the least a gateway can do.
 */
import { performance } from 'node:perf_hooks';
import type { LocalRelay } from 'modality-link-relay';
import { startScriptedPeer } from '../test-support/scripted-peer';
import { openTempDatabase } from './temp-database';

const [relayUrl, entity] = process.argv.slice(2);
const { db, close } = openTempDatabase('ml-skeleton-peer-');
db.exec('CREATE TABLE received (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
const store = db.prepare('INSERT INTO received (id, body) VALUES (?, ?)');

/** Epoch ms, comparable with the driver's marks on the same machine. */
const now = () => performance.timeOrigin + performance.now();

startScriptedPeer({ url: relayUrl } as LocalRelay, entity!, (request) => {
  const received = now();
  const frame = JSON.parse(request) as { id: string };
  store.run(frame.id, request);
  return JSON.stringify({ stored: frame.id, received, committed: now() });
}).then(
  () => process.stdout.write('skeleton peer listening\n'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  close();
  process.exit(0);
});
