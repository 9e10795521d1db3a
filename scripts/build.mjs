#!/usr/bin/env node
// `npm run build`: the protocol, the SQLite migrations package, the relay, the gateway and the app, then a stamp of the sources it built from, so
// `npm start` can skip the next build when nothing changed (scripts/build-stamp.mjs). The fingerprint is
// taken before building: an edit made during the build makes the stamp stale, never wrongly current.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint, writeStamp } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const fingerprint = sourceFingerprint(root);
for (const [command, args] of [
  [npm, ['run', 'build', '-w', 'protocol']],
  [npm, ['run', 'build', '-w', 'sqlite-migrate']],
  [npm, ['run', 'build', '-w', 'relay']],
  [npm, ['run', 'build', '-w', 'gateway']],
  [npm, ['exec', '--', 'electron-vite', 'build']],
]) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    // Node refuses to spawn .cmd files without a shell on Windows.
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
writeStamp(root, fingerprint);
