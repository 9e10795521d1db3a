import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/free-port';
import { startAppProcess, type AppProcess } from '../../test-support/app-process';
import { rawRequest } from '../../test-support/raw-http';

// Issue 12 replayed against the built app in its own process (the web host entry, the same main-process
// code Electron runs), started under the most permissive umask there is.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-holes-'));
const dataDir = path.join(root, 'Modality Link');
const dbFile = path.join(dataDir, 'modality-link.db');
let app: AppProcess;
let origin: URL;

beforeAll(async () => {
  // What an older version left behind: a world-readable folder and database.
  fs.mkdirSync(dataDir, { mode: 0o755 });
  fs.writeFileSync(dbFile, '', { mode: 0o644 });
  const previous = process.umask(0);
  try {
    app = await startAppProcess(dataDir, { MODALITY_LINK_RELAY_PORT: String(await freePort()) });
  } finally {
    process.umask(previous);
  }
  origin = new URL(app.uiUrl);
}, 30_000);
afterAll(async () => {
  await app?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('issue 12 holes, replayed against the running app', () => {
  it('hole 3: GET /% and GET /%E0%A4%A get a named 400 and the app keeps serving', async () => {
    for (const target of ['/%', '/%E0%A4%A']) {
      const reply = await rawRequest(
        Number(origin.port),
        `GET ${target} HTTP/1.1\r\nHost: ${origin.host}\r\nConnection: close\r\n\r\n`,
      );
      expect(reply.status, target).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(app.child.exitCode).toBeNull();
    expect((await app.call<unknown[]>('clinics.list')).length).toBeGreaterThan(0);
  });

  it('an oversize body gets 413 with a JSON error instead of an empty reply', async () => {
    const response = await fetch(`${origin.origin}/api/clinics.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${origin.searchParams.get('token')}` },
      body: JSON.stringify({ padding: 'x'.repeat(100 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect((await app.call<unknown[]>('clinics.list')).length).toBeGreaterThan(0);
  });

  it('hole 4: the data folder is 0700 and the database, -wal, -shm and secrets 0600 under umask 000', () => {
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, path.join(dataDir, 'secrets.json')])
      expect(mode(file), path.basename(file)).toBe(0o600);
  });
});
