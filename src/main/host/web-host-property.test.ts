import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test-support/test-app';
import { garbageArb, httpCaseArb, isCleanReply, type HttpCase } from '../../../test-support/http-fuzz-cases';
import { rawRequest } from '../../../test-support/raw-http';
import { startWebHost, type WebHost } from './web-host';

const TOKEN = 'property-token-0123456789abcdef';
let host: WebHost;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Modality Link</title>');
  fs.writeFileSync(path.join(rendererDir, 'favicon.svg'), '<svg/>');
  host = await startWebHost({ ...createTestApp(), rendererDir, token: TOKEN });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** The property: whatever was sent, the answer was clean and the next ordinary call still succeeds. */
async function survives(sent: HttpCase): Promise<boolean> {
  const reply = await rawRequest(host.port, sent.bytes, 3000);
  expect(isCleanReply(reply, sent), `${reply.status} ${reply.body.slice(0, 200)}`).toBe(true);
  const health = await fetch(`${host.url}/api/clinics.list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(health.status).toBe(200);
  return true;
}

describe('web host, property-based over the whole HTTP surface', () => {
  it('keeps serving whatever request arrives: paths, methods, headers, bodies', async () => {
    await fc.assert(fc.asyncProperty(httpCaseArb({ port: host.port, token: TOKEN }), survives), {
      numRuns: 250,
    });
  }, 120_000);

  it('keeps serving whatever bytes a raw socket sends', async () => {
    await fc.assert(fc.asyncProperty(garbageArb, survives), { numRuns: 120 });
  }, 120_000);
});
