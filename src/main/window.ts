import path from 'node:path';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME } from './app-protocol';
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
    // Custom schemes have no WHATWG origin (`null`), so the app:// page is matched by scheme, host and path.
    if (app.protocol === `${APP_SCHEME}:`)
      return target.protocol === app.protocol && target.host === APP_HOST && target.pathname === app.pathname;
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

/**
 * Where the window loads the renderer from: the dev server in `npm run dev`, otherwise the built files
 * served by the `app://` protocol handler from `rendererDir` (never `file://`; see app-protocol.ts).
 */
export function rendererLocation(
  mainDir: string,
  devServerUrl: string | undefined,
): { url: string; rendererDir: string } {
  const rendererDir = path.join(mainDir, '../renderer');
  return { url: devServerUrl ?? APP_ENTRY_URL, rendererDir };
}

export type { BrowserWindow };
