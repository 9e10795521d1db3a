// Where the Electron binary is, or why Electron cannot start here. Shared by `npm start`, `npm run dist`
// and the e2e fixture. It never `require`s the electron package: since Electron 45 that tries to
// download the binary on the spot, which on an offline machine prints a stack of fetch errors.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export function electronBinaryPath() {
  let dir;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

export function electronUnavailableReason(env = process.env, platform = process.platform) {
  if (!electronBinaryPath())
    return 'the Electron binary is not installed (it could not be downloaded when installing)';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'there is no display (DISPLAY is not set)';
  return null;
}
