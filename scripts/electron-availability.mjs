// Why Electron cannot start on this machine, or null when it can. Shared by `npm start` and the e2e fixture.
import { createRequire } from 'node:module';

export function electronUnavailableReason(env = process.env, platform = process.platform) {
  let binary;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch (error) {
    return `the Electron binary is not installed (${String(error.message).split('\n')[0]})`;
  }
  if (typeof binary !== 'string') return 'the electron package did not resolve to a binary';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'there is no display (DISPLAY is not set)';
  return null;
}
