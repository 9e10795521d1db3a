#!/usr/bin/env node
// First step on a new machine: `node scripts/setup.mjs` (`npm run setup`). Installs dependencies. Electron
// 45 has no install step: its binary is fetched the first time Electron is started (by `npm start`), so an
// offline or locked-down machine installs fine and `npm start` then serves the app to the browser.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const status = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status ?? 1;
if (status === 0) {
  console.log(
    '\nsetup: done. Any "EBADENGINE" warnings above come from electron-builder and Electron\'s download\n' +
      'helpers, which declare newer Node versions; the build and tests run on Node 20. Next: npm start',
  );
}
process.exit(status);
