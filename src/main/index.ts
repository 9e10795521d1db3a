import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import path from 'node:path';
import { startAppServices } from './app-services';
import { resolveDataDir } from './data-dir';
import { forwardEvents, registerIpc } from './ipc/register-electron';
import { lockDownNavigation, rendererLocation, windowOptions } from './window';

// Lifecycle only: services first (database opened and migrated before any window exists), then IPC,
// then one locked-down window.
app.enableSandbox();

app.whenReady().then(async () => {
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
  const location = rendererLocation(__dirname, process.env.ELECTRON_RENDERER_URL);
  registerIpc({ ipcMain, ...services, rendererUrl: location.url });
  // Nothing but copying text (the workstation's public key, for enrolment) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );

  const window = new BrowserWindow(windowOptions(path.join(__dirname, '../preload/index.js')));
  lockDownNavigation(window.webContents, location.url);
  forwardEvents(services.ctx, window.webContents);
  window.once('ready-to-show', () => window.show());
  if (location.file) await window.loadFile(location.file);
  else await window.loadURL(location.url);

  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit());
  });
});
