import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, ELECTRON_CSP } from './app-protocol';

// Electron's protocol.handle hands the handler a standard Request and expects a Response, so the
// handler is tested with real ones; only the Electron binary itself is missing here.
let root: string;
let rendererDir: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-app-protocol-'));
  rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Modality Link</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  handle = createAppProtocolHandler(rendererDir);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('is registered as a secure standard scheme, without a CSP bypass or fetch access', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, corsEnabled: true },
    });
  });

  it('serves the shell and the built files with the CSP as a header', async () => {
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Modality Link</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    const script = await get('app://renderer/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect((await get('app://renderer/')).status).toBe(200);
  });

  it('lets the renderer connect nowhere: IPC is its only channel', () => {
    expect(ELECTRON_CSP).toContain("connect-src 'none'");
    expect(ELECTRON_CSP).toContain("default-src 'none'");
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('never serves anything outside the renderer folder', async () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets/..%5c..%5csecret.txt',
      'app://renderer/assets/link.txt',
      `app://renderer/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      'app://renderer/%',
      'app://renderer/%E0%A4%A',
      'app://renderer/index.html%00.js',
      'app://other/index.html',
      'app://renderer/assets',
      'app://renderer/missing.js',
    ]) {
      const reply = await get(url);
      expect(reply.status, url).toBeGreaterThanOrEqual(400);
      expect(await reply.text(), url).not.toContain('outside the renderer');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
