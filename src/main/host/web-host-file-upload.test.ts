import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clinicListCsv } from '../../../test-support/clinic-list-csv';
import { createTestApp } from '../../../test-support/test-app';
import { startWebHost, type WebHost } from './web-host';

const TOKEN = 'test-token-0123456789abcdef';
let host: WebHost;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-renderer-'));
  host = await startWebHost({ ...createTestApp(), rendererDir, token: TOKEN });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const call = (channel: string, body: unknown) =>
  fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

describe('web host: a clinic list file over the API', () => {
  it('takes a 5,000-row file on the import calls while every other call keeps the 64 KB limit', async () => {
    const text = clinicListCsv(5000);
    expect(text.length).toBeGreaterThan(64 * 1024);
    const preview = await call('clinicImport.preview', { fileName: 'big.csv', text, runId: 'r1' });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ ok: true, value: { counts: { rows: 5000, create: 5000 } } });

    const other = await call('staff.set', { name: text, role: 'Mammographer' });
    expect(other.status).toBe(413);
    expect(await other.json()).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'The request body is larger than 65536 bytes (64 KB).' },
    });
  });
});
