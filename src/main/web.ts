import path from 'node:path';
import { startAppServices } from './app-services';
import { resolveDataDir } from './data-dir';
import { startWebHost } from './host/web-host';

/**
 * `npm run start:web`: the main-process services without Electron, with the built renderer served to a
 * browser on 127.0.0.1. Also what `npm start` falls back to where Electron cannot start.
 */
async function main(): Promise<void> {
  // For scripts (the demo) that must find the same folder the app uses.
  if (process.argv.includes('--print-data-dir')) {
    process.stdout.write(`${resolveDataDir()}\n`);
    return;
  }
  const dataDir = resolveDataDir();
  const services = await startAppServices({
    dataDir,
    logDir: path.join(dataDir, 'logs'),
    host: 'web',
    version: process.env.npm_package_version ?? '0.1.0',
  });
  const host = await startWebHost({
    ctx: services.ctx,
    handlers: services.handlers,
    log: services.log,
    rendererDir: path.join(__dirname, '../renderer'),
    port: process.env.MODALITY_LINK_WEB_PORT ? Number(process.env.MODALITY_LINK_WEB_PORT) : 0,
  });
  // The one line scripts and people look for; the token in it is the key to this session's API.
  process.stdout.write(`UI: ${host.uiUrl}\n`);
  const stop = async () => {
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Modality Link could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
