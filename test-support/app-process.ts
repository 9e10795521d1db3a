import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const WEB_ENTRY = path.resolve(__dirname, '../out/main/web.js');

export interface AppProcess {
  child: ChildProcess;
  uiUrl: string;
  call<T>(channel: string, input?: unknown): Promise<T>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** One API call to a running web host, with the token from the `UI:` address it printed. */
export function postToWebHost(
  uiUrl: string,
  channel: string,
  input: unknown,
  signal?: AbortSignal,
): Promise<Response> {
  const url = new URL(uiUrl);
  return fetch(`${url.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
    ...(signal ? { signal } : {}),
  });
}

/**
 * Runs the built app (the web host entry, the same main-process code Electron runs) as a real process,
 * so tests can kill it the way a power cut or a crash would.
 */
export async function startAppProcess(dataDir: string, env: Record<string, string>): Promise<AppProcess> {
  if (!fs.existsSync(WEB_ENTRY))
    throw new Error(`${WEB_ENTRY} is missing: run \`npm run build\` before this test.`);
  const child = spawn(process.execPath, [WEB_ENTRY], {
    env: { ...process.env, MODALITY_LINK_DATA_DIR: dataDir, MODALITY_LINK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`app did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^UI: (\S+)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    uiUrl,
    call: async <T>(channel: string, input: unknown = {}) => {
      const response = await postToWebHost(uiUrl, channel, input);
      const result = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
      if (!result.ok) throw new Error(result.error?.message);
      return result.value;
    },
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}
