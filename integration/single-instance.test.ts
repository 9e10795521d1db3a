import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../test-support/app-process';

const WEB_ENTRY = path.resolve(__dirname, '../out/main/web.js');
const started: AppProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.stop()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it('a second app on the same data folder exits with one line naming the folder; after a kill -9 the folder is free again', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-single-'));
  dirs.push(dataDir);
  const env = { MODALITY_LINK_RELAY_URL: 'ws://127.0.0.1:9', MODALITY_LINK_RELAY_SEND_KEY: 'unused' };
  const first = await startAppProcess(dataDir, env);
  started.push(first);

  const second = spawnSync(process.execPath, [WEB_ENTRY], {
    env: { ...process.env, ...env, MODALITY_LINK_DATA_DIR: dataDir, MODALITY_LINK_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(second.status).toBe(1);
  expect(second.stdout).not.toMatch(/^UI:/m);
  expect(second.stderr.trim().split('\n')).toEqual([
    `Modality Link could not start: Modality Link is already running with the data folder ${dataDir}. Use the window that is open, or close it first.`,
  ]);

  await first.stop('SIGKILL');
  const again = await startAppProcess(dataDir, env);
  started.push(again);
  expect(again.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
});
