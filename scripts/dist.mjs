#!/usr/bin/env node
// `npm run dist`: package the desktop app with electron-builder. Packaging downloads Electron and its
// packaging tools, so where the Electron binary is missing (offline build machines) it stops with one
// clear line instead of a stack of download errors.
import { spawnSync } from 'node:child_process';
import { electronBinaryPath } from './electron-availability.mjs';

if (!electronBinaryPath()) {
  console.error(
    'dist: cannot package here: the Electron binary is not installed (offline machine). Run `npm run dist` on a release machine with internet; the bundles still build with `npm run build`.',
  );
  process.exit(1);
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const build = spawnSync(npx, ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Rebuild native modules for Electron's ABI only here, where Electron is present.
const args = [
  'electron-builder',
  '--config',
  'electron-builder.yml',
  '-c.npmRebuild=true',
  ...process.argv.slice(2),
];
process.exit(spawnSync(npx, args, { stdio: 'inherit' }).status ?? 1);
