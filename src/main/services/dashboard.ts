import { MESSAGE_STATUSES, type MessageStatus, type MessageType } from '#shared/domain/message';
import type { Dashboard } from '#shared/ipc/dashboard';
import type { Db } from '../db/open-database';
import type { ChannelState } from '../relay/gateway-channel';
import { localDayOf, startOfLocalDay } from './local-day';
import { listClinicAppointments, listClinicSummaries } from './views';

export interface ConnectionHistory {
  get(gatewayId: string): { state: ChannelState; lastRoundTripMs: number | null };
  history(gatewayId: string): ReadonlyArray<{ at: string; state: ChannelState }>;
}

/** At most this many latency points: a busy day's last ones, enough for the chart and its table. */
const MAX_POINTS = 2_000;

/** Today's figures for the dashboard, from the database and the connections the app has seen. */
export function getDashboard(db: Db, now: Date, connections: ConnectionHistory): Dashboard {
  const day = localDayOf(now);
  const range = { from: startOfLocalDay(day), to: startOfLocalDay(day, 1) };
  const latency = (
    db.$client
      .prepare(
        `SELECT * FROM (
           SELECT confirmed_at AS at, created_at AS createdAt, type FROM messages
           WHERE confirmed_at >= @from AND confirmed_at < @to AND action_type != 'worklist.update_status'
           ORDER BY confirmed_at DESC LIMIT ${MAX_POINTS})
         ORDER BY at`,
      )
      .all(range) as Array<{ at: string; createdAt: string; type: MessageType }>
  ).map((r) => ({ at: r.at, type: r.type, ms: Math.max(0, Date.parse(r.at) - Date.parse(r.createdAt)) }));

  const counts = new Map(
    (
      db.$client
        .prepare(
          `SELECT status, count(*) AS n FROM messages WHERE created_at >= @from AND created_at < @to GROUP BY status`,
        )
        .all(range) as Array<{ status: MessageStatus; n: number }>
    ).map((r) => [r.status, r.n]),
  );

  const gateways = (
    db.$client.prepare(`SELECT id, name FROM gateways ORDER BY name`).all() as Array<{
      id: string;
      name: string;
    }>
  ).map((g) => {
    const changes = [...connections.history(g.id)];
    const opened = changes.filter((c) => c.state === 'ready').length;
    const status = connections.get(g.id);
    return {
      ...g,
      state: status.state,
      lastRoundTripMs: status.lastRoundTripMs,
      reconnects: Math.max(0, opened - 1),
      changes,
    };
  });

  const atRisk = listClinicSummaries(db, { from: day })
    .filter((clinic) => clinic.date === day)
    .flatMap((clinic) => listClinicAppointments(db, clinic.id))
    .flatMap((a) => {
      const alert = a.deliveryAlerts.find((x) => x.messageType === 'WORKLIST');
      return alert
        ? [
            {
              appointmentId: a.id,
              name: `${a.participant.givenName} ${a.participant.familyName}`,
              since: alert.sinceAt,
            },
          ]
        : [];
    });

  return {
    day,
    generatedAt: now.toISOString(),
    latency,
    byStatus: MESSAGE_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 })),
    gateways,
    atRisk,
  };
}
