import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { startAppServices } from './app-services';
import { resolveDataDir } from './data-dir';
import { forwardEvents, registerIpc } from './ipc/register-electron';
import { lockDownSession } from './session-security';
import { claimSingleInstance, focusOnSecondLaunch } from './single-instance';
import { lockDownNavigation, rendererLocation, windowOptions } from './window';

// Lifecycle only: services first (database opened and migrated before any window exists), then IPC,
// then one locked-down window.
app.enableSandbox();
// Must happen before `ready`: the renderer's own scheme, a secure standard origin (see app-protocol.ts).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const firstInstance = claimSingleInstance(app);

async function start(): Promise<void> {
  const services = await startAppServices({
    // MODALITY_LINK_DATA_DIR wins (tests, IT overrides); otherwise Electron's own per-user folder.
    dataDir: process.env.MODALITY_LINK_DATA_DIR ? resolveDataDir() : app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    // The OS log folder (%APPDATA%\Modality Link\logs, ~/Library/Logs/Modality Link, ~/.config/…/logs).
    logDir: app.getPath('logs'),
    // Secrets at rest are sealed with the OS keychain (DPAPI, Keychain, libsecret).
    secretCodec: {
      seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
      open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
  });
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const location = rendererLocation(__dirname, devServerUrl);
  session.defaultSession.protocol.handle(APP_SCHEME, createAppProtocolHandler(location.rendererDir));
  registerIpc({ ipcMain, ...services, rendererUrl: location.url });
  // Nothing but copying text (the workstation's public key, for enrolment) is ever granted.
  lockDownSession(session.defaultSession, devServerUrl);

  const window = new BrowserWindow(windowOptions(path.join(__dirname, '../preload/index.js')));
  lockDownNavigation(window.webContents, location.url);
  forwardEvents(services.ctx, window.webContents);
  window.once('ready-to-show', () => window.show());
  focusOnSecondLaunch(app, window);
  await window.loadURL(location.url);

  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit());
  });
}

if (firstInstance)
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // e.g. the data folder is in use by a web host: say so in a window, since a GUI app has no console.
      dialog.showErrorBox(
        'Modality Link cannot start',
        error instanceof Error ? error.message : String(error),
      );
      app.quit();
    });
