import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';

/** Secure defaults for the one app window; kept apart from index.ts so tests can check them. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Modality Link',
    backgroundColor: '#f0f4f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The only page the window may show: the bundled renderer (or the dev server in `npm run dev`). */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(rendererUrl);
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
    return target.origin === app.origin;
  } catch {
    return false;
  }
}

/** Blocks navigation away from the app and every `window.open`; links never open inside the app. */
export function lockDownNavigation(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function rendererLocation(
  mainDir: string,
  devServerUrl: string | undefined,
): { url: string; file?: string } {
  if (devServerUrl) return { url: devServerUrl };
  const file = path.join(mainDir, '../renderer/index.html');
  return { url: new URL(`file://${file}`).href, file };
}

export type { BrowserWindow };
