import { sql } from 'drizzle-orm';
import { rehearsalPhaseSchema, type Rehearsal } from '#shared/ipc/rehearsal';
import { rehearsals } from '../../db/schema';
import type { Db } from '../../db/open-database';
import type { ServiceContext } from '../context';

type Tx = Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0];

/** Keeps one rehearsal's result; the steps go in as JSON (their shape is the shared schema's). */
export function saveRehearsal(tx: Tx | Db, rehearsal: Rehearsal, actor: string): void {
  tx.insert(rehearsals)
    .values({
      id: rehearsal.id,
      gatewayId: rehearsal.gatewayId,
      clinicId: rehearsal.clinicId,
      startedAt: rehearsal.startedAt,
      finishedAt: rehearsal.finishedAt,
      outcome: rehearsal.outcome,
      summary: rehearsal.summary,
      phases: JSON.stringify(rehearsal.phases),
      actor,
    })
    .run();
}

/** Each gateway's most recent rehearsal, for the Gateways screen and the clinic day. */
export function latestRehearsals(db: Db): Rehearsal[] {
  const rows = db
    .select()
    .from(rehearsals)
    .where(
      sql`${rehearsals.finishedAt} = (SELECT MAX(r2.finished_at) FROM rehearsals r2 WHERE r2.gateway_id = ${rehearsals.gatewayId})`,
    )
    .all();
  return rows.map((row) => ({
    id: row.id,
    gatewayId: row.gatewayId,
    clinicId: row.clinicId,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outcome: row.outcome,
    summary: row.summary,
    // Written by saveRehearsal from the same schema; a row that no longer fits shows no steps.
    phases: rehearsalPhaseSchema.array().safeParse(JSON.parse(row.phases)).data ?? [],
  }));
}
