import { buildConnectUrl, buildListenUrl, describeProxy } from 'modality-link-relay';
import { importSigningKey } from 'modality-link-protocol';
import type { GatewayConfig } from './config/load';
import { openGatewayDb, type Db } from './db/open';
import type { Destination } from './destinations/destination';
import { collectHealth } from './health';
import { createActionApplier } from './inbox/action-applier';
import { ActionService } from './inbox/action-service';
import { createItemVerifier } from './inbox/verify-item';
import { CommitQueue } from './inbox/commit-queue';
import { DeliveryWorker } from './inbox/delivery-worker';
import { EventOutbox } from './inbox/event-outbox';
import { InboxStore } from './inbox/inbox-store';
import { startRetention } from './inbox/retention';
import { removeStaleParts } from './storage/image-files';
import { imageStats } from './storage/image-index';
import { pruneImages } from './storage/image-retention';
import type { WorklistPort } from './inbox/worklist-port';
import { errorText, type Logger } from './logger';
import { ModalityEvents } from './return-path/modality-events';
import { enabledCompatProfiles } from './config/profiles';
import { ConnectionRouter } from './relay/connection-router';
import { ListenerSupervisor } from './relay/listener-supervisor';
import { proxiedRelayedServerFactory } from './relay/proxied-hyco-server';
import { relayAgentFor } from './relay/relay-agent';
import { sasTokenProvider } from './relay/tokens';
import { Watchdog, WATCHDOG_PROFILE } from './relay/watchdog';
import { SessionRegistry } from './sessions/session-registry';
import { TrustStore } from './sessions/trust-store';

export interface WorklistServer {
  port: number;
  close(): Promise<void> | void;
}

/** The storage SCP, as `startGateway` sees it. */
export type StorageServer = WorklistServer;

export interface GatewayDeps {
  log: Logger;
  worklist: WorklistPort;
  /** The destinations, or how to build them on the gateway's database once it is open. */
  destinations: Map<string, Destination> | ((db: Db) => Map<string, Destination>);
  /**
   * Starts the MWL SCP on the gateway's database; omitted (or worklist disabled) means no SCP. MPPS
   * steps on it report through `events` (the durable event outbox).
   */
  startWorklistServer?: (db: Db, events: ModalityEvents) => Promise<WorklistServer>;
  /** Starts the storage SCP; omitted (or storage disabled) means none. Images report through `events`. */
  startStorageServer?: (events: ModalityEvents) => Promise<StorageServer>;
}

export interface RunningGateway {
  readonly db: Db;
  readonly supervisor: ListenerSupervisor;
  readonly watchdog: Watchdog | undefined;
  readonly commits: CommitQueue['stats'];
  readonly worklistPort: number | undefined;
  readonly storagePort: number | undefined;
  health(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Start-up work of each destination (a file drop's folder and crash leftovers). A failure is logged with
 * the destination and folder and does not stop the gateway: the worklist must stay up, and deliveries to
 * that destination wait as transient faults until it is fixed. `check` fails on the same error.
 */
async function prepareDestinations(destinations: Map<string, Destination>, log: Logger): Promise<void> {
  for (const destination of destinations.values()) {
    if (!destination.prepare) continue;
    try {
      log.info({ destination: destination.name }, await destination.prepare());
    } catch (error) {
      log.error({ destination: destination.name, error: errorText(error) }, 'destination not ready');
    }
  }
}

/** Wires the gateway together and starts it: database, inbox, delivery, MWL SCP, listener, watchdog. */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps): Promise<RunningGateway> {
  const { raw } = config;
  const log = deps.log;
  const db = openGatewayDb(config.dataDir);
  let destinations: Map<string, Destination>;
  try {
    destinations = typeof deps.destinations === 'function' ? deps.destinations(db) : deps.destinations;
  } catch (error) {
    db.close();
    throw error;
  }
  const trust = await TrustStore.from(raw.trusted_workstations);
  const signingKey = await importSigningKey({
    keyId: config.signingKey.keyId,
    privateKey: config.signingKey.privateKey.reveal(),
  });
  const inbox = new InboxStore(db);
  const outbox = new EventOutbox(db);
  const registry = new SessionRegistry();
  const allowed = new Set(raw.allowed_destinations ?? raw.destinations.map((d) => d.name));
  // One rule on arrival (the applier's reply) and again at every delivery attempt (the worker).
  const isAllowed = (name: string): boolean => allowed.has(name) && destinations.has(name);
  if (raw.delivery.max_attempts !== undefined)
    log.warn(
      { part: 'delivery' },
      'delivery.max_attempts is ignored: transient faults are retried until delivered (ADR 0014)',
    );
  await prepareDestinations(destinations, log.child({ part: 'delivery' }));
  const worker = new DeliveryWorker(
    inbox,
    outbox,
    destinations,
    {
      initialBackoffMs: raw.delivery.initial_backoff_ms,
      maxBackoffMs: raw.delivery.max_backoff_ms,
      isAllowed,
    },
    log.child({ part: 'delivery' }),
    () => registry.notifyEvents(),
  );
  const queue = new CommitQueue(
    db,
    createActionApplier({
      inbox,
      worklist: deps.worklist,
      isAllowed,
    }),
    log.child({ part: 'inbox' }),
    () => worker.wakeAfterReplies(),
  );

  // Modality events (MPPS, images) go into the same outbox and are pushed to open sessions at once.
  const modalityEvents = new ModalityEvents(db, outbox);
  modalityEvents.onEvents(() => registry.notifyEvents());
  let worklistServer: WorklistServer | undefined;
  let storageServer: StorageServer | undefined;
  try {
    if (raw.worklist.enabled && deps.startWorklistServer)
      worklistServer = await deps.startWorklistServer(db, modalityEvents);
    if (raw.storage.enabled && deps.startStorageServer)
      storageServer = await deps.startStorageServer(modalityEvents);
  } catch (error) {
    // A port already in use: give back what started, so the caller can report and exit cleanly.
    await Promise.resolve(worklistServer?.close()).catch(() => undefined);
    db.close();
    throw error;
  }

  // Health reads the supervisor and watchdog, which are built below from the router that needs health:
  // the closure only runs once everything exists.
  let watchdog: Watchdog | undefined;
  const health = (): Promise<Record<string, unknown>> =>
    collectHealth({
      gatewayId: raw.gateway.id,
      dataDir: config.dataDir,
      listener: () => ({
        state: supervisor.state,
        listeningSince: supervisor.listeningSince,
        restarts: supervisor.restarts,
      }),
      lastWatchdogEcho: () => watchdog?.lastEchoAt,
      inboxDepth: () => inbox.depth(),
      pendingDeliveries: () => inbox.pendingByDestination(),
      outboxDepth: () => outbox.depth(),
      sessions: () => registry.size,
      worklistPort: () => worklistServer?.port,
      worklistEnabled: raw.worklist.enabled && deps.startWorklistServer !== undefined,
      ...(raw.storage.enabled && deps.startStorageServer
        ? {
            storage: {
              port: () => storageServer?.port,
              directory: config.storageDir,
              images: () => imageStats(db),
              retentionDays: raw.storage.retention_days,
            },
          }
        : {}),
      destinations: destinations,
    });
  const verifyItem = createItemVerifier({
    db,
    port: () => worklistServer?.port,
    calledAe: raw.worklist.ae_title,
    timeZone: raw.worklist.time_zone,
  });
  const actions = new ActionService(queue, health, verifyItem);
  const router = new ConnectionRouter({
    actions,
    profiles: raw.profiles,
    worklistTimeZone: raw.worklist.time_zone,
    session: {
      gatewayId: raw.gateway.id,
      signingKey,
      trust,
      actions,
      outbox,
      registry,
      window: raw.session.window,
      eventResendMs: raw.session.event_resend_seconds * 1000,
    },
    log: log.child({ part: 'session' }),
  });
  for (const profile of enabledCompatProfiles(raw.profiles)) {
    log.warn(
      { profile, actions: raw.profiles[profile].actions },
      'unsigned compatibility profile is on: anyone holding the relay Send key may use it',
    );
  }
  const entity = raw.relay.hybrid_connection;
  const listenUrl = buildListenUrl(config.relayBase, entity);
  const relayProxy = config.proxyFor?.(listenUrl);
  const agentFor = relayAgentFor(config.proxyFor, raw.relay.connect_timeout_seconds * 1000);
  if (relayProxy) log.info({ part: 'listener', proxy: describeProxy(relayProxy) }, 'relay via proxy');
  const supervisor = new ListenerSupervisor({
    listenUrl,
    token: sasTokenProvider(
      config.relayBase,
      entity,
      raw.relay.listen.rule,
      config.listenKey,
      raw.relay.token_hours * 3600,
    ),
    onConnection: router.accept,
    log: log.child({ part: 'listener' }),
    backoff: { initialMs: raw.relay.backoff.initial_ms, maxMs: raw.relay.backoff.max_ms },
    keepaliveMs: raw.relay.keepalive_seconds * 1000,
    connectTimeoutMs: raw.relay.connect_timeout_seconds * 1000,
    ...(relayProxy ? { create: proxiedRelayedServerFactory(agentFor) } : {}),
  });
  if (raw.relay.send && config.sendKey) {
    const sendToken = sasTokenProvider(
      config.relayBase,
      entity,
      raw.relay.send.rule,
      config.sendKey,
      2 * 3600,
    );
    watchdog = new Watchdog({
      supervisor,
      connectUrl: (probe) =>
        buildConnectUrl(config.relayBase, entity, { query: { profile: WATCHDOG_PROFILE, probe } }),
      sendToken,
      agentFor,
      intervalMs: raw.watchdog.interval_seconds * 1000,
      timeoutMs: raw.watchdog.timeout_seconds * 1000,
      log: log.child({ part: 'watchdog' }),
    });
  } else {
    log.warn({ part: 'watchdog' }, 'relay.send is not configured: the listener watchdog is off');
  }
  const imageDays = raw.storage.enabled ? raw.storage.retention_days : undefined;
  const retentionLog = log.child({ part: 'retention' });
  const retention = startRetention(
    [
      {
        name: 'inbox',
        days: raw.retention.days,
        prune: (before) => ({ actions: inbox.prune(before.getTime()) }),
      },
      {
        name: 'event outbox',
        days: raw.retention.days,
        prune: (before) => ({ events: outbox.prune(before.getTime()) }),
      },
      ...(raw.storage.enabled
        ? [
            {
              name: 'image temp files',
              days: 1 / 24,
              prune: async (before: Date) => ({
                imagePartsRemoved: await removeStaleParts(config.storageDir, before),
              }),
            },
          ]
        : []),
      ...(imageDays === undefined
        ? []
        : [
            {
              name: 'images',
              days: imageDays,
              prune: (before: Date, signal: AbortSignal) =>
                pruneImages(db, config.storageDir, before, retentionLog, signal),
            },
          ]),
    ],
    retentionLog,
  );

  supervisor.start();
  watchdog?.start();
  worker.wake();
  log.info(
    {
      gatewayId: raw.gateway.id,
      entity,
      trusted: trust.size,
      destinations: destinations.size,
      worklistPort: worklistServer?.port,
      storagePort: storageServer?.port,
    },
    'gateway started',
  );

  let stopping: Promise<void> | undefined;
  return {
    db,
    supervisor,
    watchdog,
    commits: queue.stats,
    worklistPort: worklistServer?.port,
    storagePort: storageServer?.port,
    health,
    stop: () =>
      (stopping ??= (async () => {
        watchdog?.stop();
        supervisor.stop();
        // Before the database closes under it: a run in progress stops between files.
        await retention.stop();
        registry.closeAll(1001, 'Gateway stopping');
        router.closeAll();
        worker.stop();
        await Promise.allSettled([
          Promise.resolve(worklistServer?.close()),
          Promise.resolve(storageServer?.close()),
          ...[...destinations.values()].map((d) => d.close()),
        ]).then((results) => {
          for (const r of results)
            if (r.status === 'rejected') log.warn({ error: errorText(r.reason) }, 'close failed');
        });
        db.close();
        log.info({ gatewayId: raw.gateway.id }, 'gateway stopped');
      })()),
  };
}
