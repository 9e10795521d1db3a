#!/usr/bin/env node
// First step on a new machine: `node scripts/setup.mjs`. Installs dependencies; where Electron's binary
// cannot be downloaded (offline build machines, locked-down networks) npm would roll back the whole
// install, so it retries without the binary and says so: the app then opens in the browser instead.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (env) =>
  spawnSync(npm, ['install', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status;

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
  process.exit(run({}) ?? 1);
}
if (run({}) === 0) process.exit(0);
console.log('\nsetup: the install failed, most likely because the Electron binary could not be downloaded.');
console.log(
  'setup: retrying with ELECTRON_SKIP_BINARY_DOWNLOAD=1; `npm start` will open the app in your browser.\n',
);
process.exit(run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }) ?? 1);
