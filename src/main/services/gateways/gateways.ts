import { asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { GATEWAY_PROFILES, MESSAGE_TYPES, type GatewayRoute } from '#shared/domain/message';
import type { Db } from '../../db/open-database';
import { preparedOnce } from '../../db/prepared';
import { gateways } from '../../db/schema';
import { boundedMemo } from '../../support/bounded-memo';
import { DomainError } from '../errors';

export const gatewayRoutesSchema = z
  .array(z.object({ messageType: z.enum(MESSAGE_TYPES), destination: z.string().min(1).max(64) }))
  .min(1, 'A gateway needs at least one route');

export const gatewayProfileSchema = z.enum(GATEWAY_PROFILES);

export type GatewayRow = typeof gateways.$inferSelect;

/** The gateway a staff action names, with its profile; a named error if it was removed meanwhile. */
export function existingGateway(
  db: Pick<Db, 'select'>,
  gatewayId: string,
): Pick<GatewayRow, 'id' | 'profile'> {
  const gateway = db
    .select({ id: gateways.id, profile: gateways.profile })
    .from(gateways)
    .where(eq(gateways.id, gatewayId))
    .get();
  if (!gateway) throw new DomainError('not_found', 'That gateway no longer exists.');
  return gateway;
}

const providerGatewayQuery = preparedOnce((db: Db) =>
  db
    .select()
    .from(gateways)
    .where(eq(gateways.providerId, sql.placeholder('providerId')))
    .orderBy(desc(gateways.isDefault), asc(gateways.createdAt), asc(gateways.id))
    .prepare(),
);

/**
 * The gateway that serves a provider: the one marked default, else the oldest. (The seed's proof of
 * concept used whichever row was last in the table, which changes when someone adds a gateway.)
 */
export function gatewayForProvider(db: Db, providerId: string, providerName: string): GatewayRow {
  const row = providerGatewayQuery(db).get({ providerId });
  if (!row) {
    throw new DomainError(
      'conflict',
      `No gateway is set up for ${providerName}. Ask an administrator to add one.`,
    );
  }
  return row;
}

export function parseRoutes(gateway: GatewayRow): readonly GatewayRoute[] {
  return routesOf(gateway.routes, gateway.name);
}

// Every send reads its gateway's saved routes; they change only when an administrator saves the gateway.
const routesOf = boundedMemo(
  64,
  // The name only ever appears in an error, and errors are not remembered.
  (routes: string, _name: string) => routes,
  (routes: string, name: string): readonly GatewayRoute[] => {
    const parsed = gatewayRoutesSchema.safeParse(JSON.parse(routes));
    if (!parsed.success) {
      throw new DomainError(
        'conflict',
        `The routes of gateway "${name}" are not valid: ${parsed.error.issues[0]?.message}`,
      );
    }
    return Object.freeze(parsed.data.map((route) => Object.freeze(route)));
  },
);

/**
 * Gateways that may have events for this workstation: some appointment they were sent is still at the
 * modality. Their sessions are kept open so procedure and image events arrive as they happen.
 */
export function gatewaysExpectingEvents(db: Db): string[] {
  return (
    db.$client
      .prepare(
        `SELECT DISTINCT m.gateway_id AS id FROM messages m JOIN appointments a ON a.id = m.appointment_id
         JOIN gateways g ON g.id = m.gateway_id
         WHERE a.state IN ('sent_to_modality', 'in_progress') AND g.profile = 'modality-link/1'`,
      )
      .all() as Array<{ id: string }>
  ).map((r) => r.id);
}
