import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { LocalRelay } from 'modality-link-relay';
import { gateways, messages } from '../src/main/db/schema';
import { createLogger } from '../src/main/logger';
import { Dispatcher } from '../src/main/outbox/dispatcher';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../src/main/outbox/backoff';
import { relayChannelFactory } from '../src/main/relay/channel-factory';
import { loadWorkstationIdentity, type WorkstationIdentity } from '../src/main/relay/workstation-identity';
import { FileSecretStore } from '../src/main/secrets/secret-store';
import { transitionAppointment } from '../src/main/services/appointments/appointments';
import { applyGatewayEvents } from '../src/main/services/gateways/gateway-events';
import { gatewaysExpectingEvents } from '../src/main/services/gateways/gateways';
import { sendToModality } from '../src/main/services/appointments/send-to-modality';
import { SEND_KEY } from './test-gateway';
import { createTestApp } from './test-app';

export const FAST_BACKOFF: BackoffPolicy = {
  ...DEFAULT_BACKOFF,
  baseMs: 40,
  capMs: 400,
  afterDayCapMs: 400,
};

/** The desktop app's services and dispatcher on a real database, pointed at a local relay. */
export async function createDispatchHarness(options: {
  relay: LocalRelay;
  file?: string;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** How long the screens wait for a claim or a written frame before they are told (ADR 0033). */
  screenHoldMs?: number;
  now?: () => Date;
  connectTimeoutMs?: number;
  /** While false, events from the gateway are neither applied nor acknowledged: a crashed app's view. */
  acceptsEvents?: () => boolean;
}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-dispatch-'));
  const app = createTestApp({ file: options.file ?? path.join(dir, 'app.db'), now: new Date() });
  app.ctx.now = options.now ?? (() => new Date());
  // A restarted app reopens the same folder: its database and its secret store (and so its keys).
  const secrets = new FileSecretStore(
    path.join(options.file ? path.dirname(options.file) : dir, 'secrets.json'),
  );
  secrets.set('relay-send-key:gateway-alpha', SEND_KEY);
  const identity: WorkstationIdentity = await loadWorkstationIdentity(app.db, secrets);
  const log = createLogger({ level: 'silent' });
  const dispatcher = new Dispatcher({
    ctx: app.ctx,
    log,
    backoff: options.backoff ?? FAST_BACKOFF,
    ...(options.random ? { random: options.random } : {}),
    ...(options.screenHoldMs !== undefined ? { screenHoldMs: options.screenHoldMs } : {}),
    channels: relayChannelFactory({
      secrets,
      identity,
      log,
      connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
      now: () => app.ctx.now(),
      applyEvents: (gatewayId, events) =>
        (options.acceptsEvents?.() ?? true) ? applyGatewayEvents(app.ctx, gatewayId, events) : [],
      expectsEvents: (gatewayId) => gatewaysExpectingEvents(app.db).includes(gatewayId),
      onStateChange: (gatewayId, state) => {
        if (state === 'ready') dispatcher.gatewayReachable(gatewayId);
      },
    }),
  });
  dispatcher.attachTo(app.ctx);

  const pointGateway = (values: Partial<typeof gateways.$inferInsert>, id = 'gateway-alpha') =>
    app.db
      .update(gateways)
      .set({ relayPort: options.relay.port, ackTimeoutSeconds: 2, ...values })
      .where(eq(gateways.id, id))
      .run();

  /** Checks in and sends `count` of today's appointments; returns the new message ids. */
  const sendAppointments = (clinicId: string, count: number): string[] => {
    const ids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const appointmentId = `${clinicId}-appt-${i}`;
      transitionAppointment(app.ctx, appointmentId, 'checkIn');
      ids.push(...sendToModality(app.ctx, appointmentId, 'sendToModality').messages.map((m) => m.id));
    }
    return ids;
  };

  const rows = () => app.db.select().from(messages).all();

  /** Polls the database until `predicate` holds (the dispatcher works asynchronously). */
  const waitFor = async (predicate: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(statusCounts())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const countByStatus = app.db.$client.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status');
  const statusCounts = () =>
    Object.fromEntries(
      (countByStatus.all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
    ) as Record<string, number>;

  return {
    ...app,
    dir,
    secrets,
    identity,
    dispatcher,
    pointGateway,
    sendAppointments,
    rows,
    waitFor,
    statusCounts,
    close: async () => {
      await dispatcher.stop();
      app.db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo clinic seeded for today's date in London. */
export function todayClinicId(now = new Date()): string {
  return `clinic-alpha-${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now)}`;
}

/** Inserts queued outbox rows straight into the database, for load tests that need no appointments. */
export function queueRawMessages(
  db: ReturnType<typeof createTestApp>['db'],
  gatewayId: string,
  count: number,
  prefix: string,
): string[] {
  const now = new Date().toISOString();
  const insert = db.$client.prepare(
    `INSERT INTO messages (id, gateway_id, type, action_type, payload, destination, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, 'FHIR', 'message.deliver', '{"resourceType":"ServiceRequest"}', 'trust-fhir', 'queued', 0, ?, ?, ?)`,
  );
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);
  db.$client.transaction(() => ids.forEach((id) => insert.run(id, gatewayId, now, now, now)))();
  return ids;
}

/** Adds another gateway for the demo provider on its own hybrid connection. */
export function addGateway(
  db: ReturnType<typeof createTestApp>['db'],
  values: {
    id: string;
    entity: string;
    port: number;
    profile: 'modality-link/1' | 'nhs-gateway/1' | 'poc-five';
    publicKey?: string;
  },
) {
  db.$client
    .prepare(
      `INSERT INTO gateways (id, provider_id, name, relay_scheme, relay_host, relay_port, hybrid_connection, send_rule_name, send_key_ref, profile, routes, gateway_public_key, ack_timeout_seconds, created_at)
       VALUES (?, 'provider-alpha', ?, 'ws', '127.0.0.1', ?, ?, 'send', 'relay-send-key:gateway-alpha', ?, '[{"messageType":"FHIR","destination":"trust-fhir"}]', ?, 5, ?)`,
    )
    .run(
      values.id,
      `Gateway ${values.entity}`,
      values.port,
      values.entity,
      values.profile,
      values.publicKey ?? null,
      new Date().toISOString(),
    );
}
