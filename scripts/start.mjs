#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where Electron cannot start (no binary, no display) say
// so in one line and serve the same app to a browser on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinaryPath, electronUnavailableReason } from './electron-availability.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = spawnSync(npm, ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) {
  console.error('start: the build failed (see above).');
  process.exit(built.status ?? 1);
}

const reason = electronUnavailableReason();
if (reason) {
  console.log(`Electron cannot start here: ${reason}. Serving Modality Link to your browser instead.`);
  const web = spawn(process.execPath, ['out/main/web.js'], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => web.kill(signal));
  web.on('exit', (code) => process.exit(code ?? 0));
} else {
  const electron = spawn(electronBinaryPath(), ['.'], { stdio: 'inherit' });
  electron.on('exit', (code) => process.exit(code ?? 0));
}
