import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl, lockDownNavigation, rendererLocation, windowOptions } from './window';
import { isTrustedSender } from './ipc/register-electron';

// The Electron binary cannot run on the build machines, so the window's security settings and the IPC
// sender check are tested as plain functions against a stand-in WebContents.
describe('app window security', () => {
  it('isolates the renderer and sandboxes it without Node', () => {
    const prefs = windowOptions('/app/preload.js').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    // Checklist items 9 and 10: no experimental Chromium features, no Blink feature switches.
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('never hands a URL to the operating system (checklist item 15: no shell.openExternal)', () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(full);
        return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
      });
    const files = sources(path.resolve(__dirname, '..'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/openExternal/);
  });

  const app = rendererLocation('/opt/modality-link/out/main', undefined).url;

  it('loads the bundled renderer from app://, never file://', () => {
    expect(rendererLocation('/opt/modality-link/out/main', undefined)).toEqual({
      url: 'app://renderer/index.html',
      rendererDir: '/opt/modality-link/out/renderer',
    });
    expect(rendererLocation('/x/out/main', 'http://localhost:5173/').url).toBe('http://localhost:5173/');
  });

  it('treats only the bundled renderer as the app', () => {
    expect(app).toBe('app://renderer/index.html');
    expect(isAppUrl(`${app}#/clinics/1`, app)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('file:///opt/modality-link/out/renderer/index.html', app)).toBe(false);
    expect(isAppUrl('app://other/index.html', app)).toBe(false);
    expect(isAppUrl('app://renderer/assets/evil.html', app)).toBe(false);
    expect(isAppUrl('evil://renderer/index.html', app)).toBe(false);
    expect(isAppUrl('https://example.com/', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
  });

  it('blocks navigation away and every window.open', () => {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: vi.fn((name: string, handler: (event: { preventDefault: () => void }, url: string) => void) =>
        handlers.set(name, handler),
      ),
      setWindowOpenHandler: vi.fn((handler: () => { action: string }) => (openHandler = handler)),
    };
    lockDownNavigation(contents as never, app);
    const away = { preventDefault: vi.fn() };
    handlers.get('will-navigate')!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    handlers.get('will-navigate')!(inside, `${app}#/messages`);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(webview, '');
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('accepts IPC only from the app page in the main frame', () => {
    expect(isTrustedSender({ senderFrame: { url: `${app}#/clinics`, parent: null } } as never, app)).toBe(
      true,
    );
    expect(isTrustedSender({ senderFrame: { url: `${app}#/clinics`, parent: {} } } as never, app)).toBe(
      false,
    );
    expect(
      isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } } as never, app),
    ).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, app)).toBe(false);
  });
});
