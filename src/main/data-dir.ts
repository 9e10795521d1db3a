import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Modality Link';

/**
 * Where the database and keys live: `MODALITY_LINK_DATA_DIR` when set (tests, IT overrides), else the
 * same per-user folder Electron's `app.getPath('userData')` gives, so the web host and the desktop app
 * share one database on the same machine.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MODALITY_LINK_DATA_DIR) return path.resolve(env.MODALITY_LINK_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}
