import os from 'node:os';
import path from 'node:path';
import type { LocalRelay } from 'modality-link-relay';
import { openDatabase, type Db } from './db/open-database';
import { seedDemoData } from './db/seed/demo-seed';
import { ensurePrivateDir } from './fs/private-files';
import { createHandlers, type HandlerTable, type HostInfo } from './ipc/handlers';
import { lockDataFolder } from './instance-lock';
import { createLogger, type Logger } from './logger';
import { Dispatcher } from './outbox/dispatcher';
import { relayChannelFactory } from './relay/channel-factory';
import { DEFAULT_RELAY_PORT, prepareDemoRelay } from './relay/demo-relay';
import { GatewayMonitor } from './relay/gateway-monitor';
import { loadWorkstationIdentity, writeWorkstationCard } from './relay/workstation-identity';
import { FileSecretStore, type SecretCodec, type SecretStore } from './secrets/secret-store';
import { GatewaySetup } from './services/gateways/gateway-setup';
import { exportDiagnostics } from './support/diagnostics';
import { createContext, type ServiceContext } from './services/context';
import { applyGatewayEvents } from './services/gateways/gateway-events';
import { gatewaysExpectingEvents } from './services/gateways/gateways';

export interface AppServices {
  db: Db;
  ctx: ServiceContext;
  handlers: HandlerTable;
  log: Logger;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/**
 * Everything the main process runs, independent of Electron: open and migrate the database (before
 * anything else can touch it), seed demo data, load the workstation's keys, start the embedded relay
 * when no other is configured, and start the dispatcher. Electron and the web host both start here.
 */
export async function startAppServices(options: {
  dataDir: string;
  host: HostInfo['host'];
  version: string;
  log?: Logger;
  now?: () => Date;
  /** How secrets are sealed at rest: Electron passes `safeStorage`; the web host relies on file mode 0600. */
  secretCodec?: SecretCodec;
  /** Folder for rotating log files and diagnostics exports (Electron: the OS log folder). */
  logDir?: string;
}): Promise<AppServices> {
  const log = options.log ?? createLogger(options.logDir ? { logDir: options.logDir } : {});
  // The folder holds the database, its backups-to-be and the keys: only this user may enter it.
  ensurePrivateDir(options.dataDir);
  // Before the database is touched: a second app on the same folder would send the outbox twice.
  const lock = lockDataFolder(options.dataDir);
  const db = openDatabase(path.join(options.dataDir, 'modality-link.db'));
  const now = options.now ?? (() => new Date());
  const { clinicsAdded } = seedDemoData(db, { now: now(), relayPort: DEFAULT_RELAY_PORT });
  if (clinicsAdded > 0) log.info({ clinicsAdded }, 'demo data added');

  const secrets = new FileSecretStore(path.join(options.dataDir, 'secrets.json'), options.secretCodec);
  const relay: LocalRelay | undefined = await prepareDemoRelay({ db, secrets, log });
  const identity = await loadWorkstationIdentity(db, secrets);
  writeWorkstationCard(options.dataDir, identity);
  const ctx = createContext(db, { now, actor: safeUserName() });
  const monitor = new GatewayMonitor(ctx);
  const channelsFor = (store: SecretStore) =>
    relayChannelFactory({
      secrets: store,
      identity,
      log,
      applyEvents: (gatewayId, events) => applyGatewayEvents(ctx, gatewayId, events),
      expectsEvents: (gatewayId) => gatewaysExpectingEvents(db).includes(gatewayId),
      onStateChange: (gatewayId, state, failure) => {
        monitor.update(gatewayId, state, failure);
        // A session that (re)opened proves the gateway reachable: what waits for it goes now.
        if (state === 'ready') dispatcher.gatewayReachable(gatewayId);
      },
    });
  const dispatcher = new Dispatcher({ ctx, log, monitor, channels: channelsFor(secrets) });
  const setup = new GatewaySetup(
    ctx,
    secrets,
    channelsFor,
    (id) => monitor.get(id),
    (id) => dispatcher.forget(id),
  );
  dispatcher.attachTo(ctx);
  dispatcher.start();

  const handlers = createHandlers({
    host: options.host,
    version: options.version,
    siteName: 'Alpha Hospital Trust breast screening',
    workstation: {
      id: identity.workstationId,
      publicKey: identity.publicKey,
      keyId: identity.signingKey.keyId,
    },
    monitor,
    dispatcher,
    setup,
    exportDiagnostics: () =>
      exportDiagnostics({
        db,
        dataDir: options.dataDir,
        logDir: options.logDir,
        version: options.version,
        host: options.host,
        now: now(),
      }),
  });
  return {
    db,
    ctx,
    handlers,
    log,
    dispatcher,
    close: async () => {
      await dispatcher.stop();
      await relay?.stop();
      db.$client.close();
      lock.release();
    },
  };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'workstation';
  }
}
