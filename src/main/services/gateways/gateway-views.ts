import { eq, sql } from 'drizzle-orm';
import type { GatewayView } from '#shared/ipc/views';
import type { Db } from '../../db/open-database';
import { gateways, messages, providers } from '../../db/schema';
import type { ConnectionStatus } from '../../relay/connection-status';
import { gatewayRoutesSchema } from './gateways';

function rows(db: Db, gatewayId?: string) {
  return db
    .select({
      gateway: gateways,
      providerName: providers.name,
      waiting: sql<number>`(SELECT count(*) FROM ${messages} m WHERE m.gateway_id = ${gateways.id} AND m.status IN ('queued', 'sending', 'retry_wait'))`,
      // Failed to reach the gateway, or taken by it and then refused or failed at the hospital system
      // (a `delivery.outcome` event): both leave a participant's message undelivered.
      failed: sql<number>`(SELECT count(*) FROM ${messages} m WHERE m.gateway_id = ${gateways.id} AND (m.status = 'failed' OR m.outcome IN ('failed', 'rejected')))`,
    })
    .from(gateways)
    .innerJoin(providers, eq(gateways.providerId, providers.id))
    .where(gatewayId ? eq(gateways.id, gatewayId) : undefined)
    .orderBy(gateways.name)
    .all();
}

type Row = ReturnType<typeof rows>[number];

function toView(row: Row, connection: ConnectionStatus): GatewayView {
  const g = row.gateway;
  return {
    id: g.id,
    name: g.name,
    providerId: g.providerId,
    providerName: row.providerName,
    sendRuleName: g.sendRuleName,
    routes: gatewayRoutesSchema.safeParse(JSON.parse(g.routes)).data ?? [],
    gatewayPublicKey: g.gatewayPublicKey,
    modalityAeTitle: g.modalityAeTitle,
    isDefault: g.isDefault,
    profile: g.profile,
    relayAddress: `${g.relayScheme}://${g.relayHost}${g.relayPort ? `:${g.relayPort}` : ''}`,
    hybridConnection: g.hybridConnection,
    keyEnrolled: g.gatewayPublicKey !== null,
    connection,
    waiting: row.waiting,
    failed: row.failed,
  };
}

export type ConnectionStatusLookup = (gatewayId: string) => ConnectionStatus;

/** Gateways as the admin screen shows them: configuration (never keys) plus live connection state. */
export function listGatewayViews(db: Db, status: (gatewayId: string) => ConnectionStatus): GatewayView[] {
  return rows(db).map((row) => toView(row, status(row.gateway.id)));
}

export function getGatewayView(
  db: Db,
  gatewayId: string,
  connection: ConnectionStatus,
): GatewayView | undefined {
  const [row] = rows(db, gatewayId);
  return row ? toView(row, connection) : undefined;
}
