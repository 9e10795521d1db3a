import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../../test-support/free-port';
import { createTestApp } from '../../../test-support/test-app';
import { rawRequest } from '../../../test-support/raw-http';
import { guarded } from './request-guard';
import { startWebHost, type WebHost } from './web-host';

const TOKEN = 'hostile-token-0123456789abcdef';
let host: WebHost;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Modality Link</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  host = await startWebHost({ ...createTestApp(), rendererDir, token: TOKEN });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const hostHeader = () => `127.0.0.1:${host.port}`;
const get = (target: string, extra = '') =>
  rawRequest(
    host.port,
    `GET ${target} HTTP/1.1\r\nHost: ${hostHeader()}\r\n${extra}Connection: close\r\n\r\n`,
  );
const post = (channel: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });

async function stillServing(): Promise<void> {
  const response = await post('clinics.list', '{}');
  expect(response.status).toBe(200);
}

const namedError = (body: string) =>
  JSON.parse(body) as { ok: false; error: { kind: string; message: string } };

describe('web host against hostile requests', () => {
  it('answers GET /% and GET /%E0%A4%A with a named 400 and keeps serving (issue 12, hole 3)', async () => {
    for (const target of ['/%', '/%E0%A4%A', '/assets/%zz', '/api/%']) {
      const reply = await get(target);
      expect(reply.status, target).toBe(400);
      expect(namedError(reply.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
      expect(namedError(reply.body).error.message).toMatch(/percent-encoding/);
    }
    await stillServing();
  });

  it('refuses an oversize body with 413 and a JSON error, declared or chunked (issue 12)', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    const declared = await post('clinics.list', big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'The request body is larger than 65536 bytes (64 KB).' },
    });

    const chunk = 'x'.repeat(16 * 1024);
    const chunked = await rawRequest(
      host.port,
      `POST /api/clinics.list HTTP/1.1\r\nHost: ${hostHeader()}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n` +
        `${(chunk.length.toString(16) + '\r\n' + chunk + '\r\n').repeat(5)}0\r\n\r\n`,
    );
    expect(chunked.status).toBe(413);
    expect(namedError(chunked.body).error.kind).toBe('validation');
    // Exactly at the limit is still accepted (as far as size goes; the JSON is then parsed).
    const atLimit = await post('clinics.list', `{}${' '.repeat(64 * 1024 - 2)}`);
    expect(atLimit.status).toBe(200);
    await stillServing();
  });

  it('puts every route through the Host and Origin checks, static files included', async () => {
    for (const target of ['/', '/assets/index-abc.js', '/api/clinics.list', '/nowhere']) {
      const wrongHost = await rawRequest(
        host.port,
        `GET ${target} HTTP/1.1\r\nHost: evil.example:${host.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(wrongHost.status, target).toBe(403);
      expect(namedError(wrongHost.body).error.kind).toBe('forbidden');
      const wrongOrigin = await get(target, 'Origin: http://evil.example\r\n');
      expect(wrongOrigin.status, target).toBe(403);
    }
  });

  it('serves nothing without the token: the shell takes it, and its cookie alone opens the built files', async () => {
    // Without the token, or with a wrong one, not even the shell (issue 12: "nothing else").
    for (const target of ['/', '/index.html', '/?token=wrong', `/?token=${TOKEN}x`]) {
      const refused = await get(target);
      expect(refused.status, target).toBe(401);
      expect(namedError(refused.body).error.message).toMatch(/open the address Modality Link printed/);
      expect(refused.headers['set-cookie'], target).toBeUndefined();
    }
    expect((await get('/assets/index-abc.js')).status).toBe(401);

    const shell = await get(`/?token=${TOKEN}`);
    expect(shell.status).toBe(200);
    const setCookie = String(shell.headers['set-cookie']);
    expect(setCookie).toMatch(
      new RegExp(`^modality_link_files_${host.port}=[^;]+; Path=/; HttpOnly; SameSite=Strict$`),
    );
    const filesCookie = setCookie.split(';')[0]!;
    expect(filesCookie).not.toContain(TOKEN); // a second secret: the cookie opens files, never the API

    const asset = await get('/assets/index-abc.js', `Cookie: other=1; ${filesCookie}\r\n`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['set-cookie']).toBeUndefined();
    const forged = await get('/assets/index-abc.js', `Cookie: ${filesCookie}x\r\n`);
    expect(forged.status).toBe(401);
    const cookieForApi = await rawRequest(
      host.port,
      `POST /api/clinics.list HTTP/1.1\r\nHost: ${hostHeader()}\r\nCookie: ${filesCookie}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(cookieForApi.status).toBe(401);
    // Unknown paths are no longer answered with the shell: they are named 404s.
    const missing = await get('/clinics/1');
    expect(missing.status).toBe(404);
    expect(namedError(missing.body).error.kind).toBe('not_found');
    // Refusals, like pages, can be neither framed nor sniffed.
    for (const reply of [missing, asset, forged])
      expect(reply.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
    // The API needs the token whatever else is right.
    const noToken = await rawRequest(
      host.port,
      `POST /api/clinics.list HTTP/1.1\r\nHost: ${hostHeader()}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(noToken.status).toBe(401);
    expect(namedError(noToken.body).error.kind).toBe('forbidden');
  });

  it('names the allowed methods and refuses path tricks', async () => {
    const put = await rawRequest(
      host.port,
      `PUT / HTTP/1.1\r\nHost: ${hostHeader()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    const getApi = await get('/api/clinics.list', `Authorization: Bearer ${TOKEN}\r\n`);
    expect(getApi.status).toBe(405);
    expect(getApi.headers.allow).toBe('POST');
    for (const target of ['/..%2f..%2fetc/passwd', '/assets/%00', '/assets%5c..%5cindex.html'])
      expect((await get(target)).status, target).toBe(400);
    expect((await get('http://127.0.0.1/')).status).toBe(400);
    expect((await get(`/${'a'.repeat(3000)}`)).status).toBe(400);
    expect((await get('/events', `Authorization: Bearer ${TOKEN}\r\n`)).status).toBe(401);
    expect((await get(`/events?token=${TOKEN}`)).status).toBe(426);
  });

  it('answers garbage, oversize headers and CONNECT with named errors', async () => {
    for (const bytes of [
      '\x00\x01\x02garbage\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET / HTTP/1.1\r\nBad Header\r\n\r\n',
    ]) {
      const reply = await rawRequest(host.port, bytes);
      expect(reply.status).toBe(400);
      expect(namedError(reply.body).error.kind).toBe('validation');
    }
    const huge = await rawRequest(
      host.port,
      `GET / HTTP/1.1\r\nHost: ${hostHeader()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge.status).toBe(431);
    const connect = await rawRequest(
      host.port,
      `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`,
    );
    expect(connect.status).toBe(405);
    const expectation = await rawRequest(
      host.port,
      `POST /api/clinics.list HTTP/1.1\r\nHost: ${hostHeader()}\r\nExpect: teapot\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(expectation.status).toBe(417);
    await stillServing();
  });

  it('refuses a bad websocket upgrade with a named error and stays up', async () => {
    const upgrade = (target: string) =>
      rawRequest(
        host.port,
        `GET ${target} HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    expect((await upgrade('/events?token=wrong')).status).toBe(401);
    const keyless = await rawRequest(
      host.port,
      `GET /events?token=${TOKEN} HTTP/1.1\r\nHost: ${hostHeader()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
    );
    expect(keyless.status).toBe(400);
    expect(namedError(keyless.body).error.message).toMatch(/Sec-WebSocket-Key/);
    expect((await upgrade('/%')).status).toBe(400);
    expect((await upgrade('/')).status).toBe(404);
    expect((await upgrade(`/events?token=${TOKEN}`)).status).toBe(101);
    await stillServing();
  });
});

describe('the top-level guard', () => {
  it('turns an exception in a handler into a named 500 and keeps the server up', async () => {
    const logged: unknown[] = [];
    let calls = 0;
    const server = http.createServer(
      guarded(
        async (_req, res) => {
          calls += 1;
          if (calls === 1) throw new TypeError('boom in a handler');
          if (calls === 2) {
            res.writeHead(200, { 'content-length': '100' });
            res.write('half');
            throw new RangeError('boom after the reply started');
          }
          res.end('fine');
        },
        { error: (entry: unknown) => void logged.push(entry) },
      ),
    );
    const port = await listenOnLoopback(server);
    try {
      const first = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(first.status).toBe(500);
      expect(JSON.parse(first.body)).toEqual({
        ok: false,
        error: { kind: 'internal', message: 'Something went wrong. The error has been logged.' },
      });
      const second = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(second.status).toBe(200);
      expect(second.body).toBe('half');
      const third = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(third.body).toBe('fine');
      expect(logged).toHaveLength(2);
      expect(JSON.stringify(logged[0])).toContain('boom in a handler');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
