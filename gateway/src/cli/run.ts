import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { portPolicy } from '../config/dicom-port';
import { loadConfig } from '../config/load';
import { buildDestinations } from '../destinations/binding';
import { startGateway } from '../gateway';
import { createLogger, errorText } from '../logger';
import { gatewayMetrics } from '../monitoring/gateway-metrics';
import { healthReport } from '../monitoring/health-report';
import { renderMetrics } from '../monitoring/metrics';
import { startMonitorServer, type MonitorServer } from '../monitoring/monitor-server';
import { tracePhasesIfAsked } from '../monitoring/phase-trace-file';
import { startStorageScp } from '../storage/storage-scp';
import { CodecDecoder } from '../thumbnail/codec-decoder';
import { startWorklistScp } from '../worklist/mwl-scp';
import { worklistStore } from '../worklist/binding';
import { configPath, type ParsedArgs } from './args';

/** `run`: start everything; SIGINT/SIGTERM stop it cleanly (sessions closed, database closed) and exit 0. */
export async function runCommand(args: ParsedArgs): Promise<number> {
  const config = loadConfig(configPath(args));
  const log = createLogger(config.raw.log.level);
  tracePhasesIfAsked(); // bench-only (ML_PHASE_TRACE, ADR 0023); nothing happens without it
  // Last line of defence: hyco-ws and dcmjs-dimse run callbacks we cannot wrap. The inbox is durable, so
  // staying up and logging beats dying on a stray exception in one connection's handler.
  process.on('uncaughtException', (error) => log.fatal({ error: errorText(error) }, 'uncaught exception'));
  process.on('unhandledRejection', (error) => log.fatal({ error: errorText(error) }, 'unhandled rejection'));
  const { worklist, storage } = config.raw;
  const gateway = await startGateway(config, {
    log,
    worklist: worklistStore,
    destinations: (db) => buildDestinations(config, db),
    startWorklistServer: (db, events) =>
      startWorklistScp({
        db,
        host: worklist.host,
        port: worklist.port,
        aeTitle: worklist.ae_title,
        ...(worklist.allowed_calling_ae_titles
          ? { allowedCallingAeTitles: worklist.allowed_calling_ae_titles }
          : {}),
        policy: portPolicy(worklist, { maxAssociations: 32 }),
        log: log.child({ part: 'worklist-scp' }),
        ...(worklist.mpps ? { mpps: events } : {}),
      }),
    startStorageServer: (events) =>
      startStorageScp({
        events,
        host: storage.host,
        port: storage.port,
        aeTitle: storage.ae_title,
        directory: config.storageDir,
        ...(storage.allowed_calling_ae_titles
          ? { allowedCallingAeTitles: storage.allowed_calling_ae_titles }
          : {}),
        ...(storage.decode_compressed ? { decoder: new CodecDecoder() } : {}),
        policy: portPolicy(storage),
        acceptLossyForPresentation: storage.accept_lossy_for_presentation ?? false,
        log: log.child({ part: 'storage-scp' }),
      }),
  });
  let monitor: MonitorServer | undefined;
  if (config.raw.monitoring.enabled) {
    const sampled = gatewayMetrics(gateway, config);
    // A taken port costs monitoring, not the worklist: log it and keep running.
    monitor = await startMonitorServer(
      config.raw.monitoring.port,
      {
        health: async () => healthReport(await gateway.health(), worklist.enabled),
        metrics: () => renderMetrics(sampled),
      },
      log,
    ).catch((error: unknown) => {
      log.error({ part: 'monitor', error: errorText(error) }, 'monitoring endpoint not started');
      return undefined;
    });
  }
  compactAfterStartup();
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping');
      Promise.all([gateway.stop(), monitor?.close()]).then(
        () => resolve(0),
        (error: unknown) => {
          log.error({ error: errorText(error) }, 'stop failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * Start-up (config, schemas, DICOM dictionaries) leaves garbage the young generation would otherwise hold
 * for the whole idle life of the service. One full collection after start returns it; nothing else runs.
 */
function compactAfterStartup(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (() => void) | undefined;
    setTimeout(() => gc?.(), 1000).unref();
  } catch {
    // not available on this runtime: only memory is at stake
  }
}
