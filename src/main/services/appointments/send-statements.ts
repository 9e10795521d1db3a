import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { preparedOnce } from '../../db/prepared';
import { appointments, clinics, clinicSlots, messages, participants, providers } from '../../db/schema';

/**
 * The queries of "Send to modality", prepared once per connection with placeholders: the send's
 * transaction then spends its time on its rows and its fsync, not on building SQL (ADR 0023, round 2).
 * They run on the connection's current transaction, like any statement of better-sqlite3.
 */
const id = sql.placeholder('id');

export const orderQuery = preparedOnce((db: Db) =>
  db
    .select({
      appointment: appointments,
      slot: clinicSlots,
      clinic: clinics,
      provider: providers,
      participant: participants,
    })
    .from(appointments)
    .innerJoin(clinicSlots, eq(appointments.slotId, clinicSlots.id))
    .innerJoin(clinics, eq(clinicSlots.clinicId, clinics.id))
    .innerJoin(providers, eq(clinics.providerId, providers.id))
    .innerJoin(participants, eq(appointments.participantId, participants.id))
    .where(eq(appointments.id, id))
    .prepare(),
);

export const accessionTakenQuery = preparedOnce((db: Db) =>
  db
    .select({ id: appointments.id })
    .from(appointments)
    .where(eq(appointments.accessionNumber, sql.placeholder('accessionNumber')))
    .prepare(),
);

/** A bound value in an UPDATE's SET, which drizzle's types accept only as SQL. */
const bound = (name: string) => sql`${sql.placeholder(name)}`;
const p = sql.placeholder;

export const insertMessageStatement = preparedOnce((db: Db) =>
  db
    .insert(messages)
    .values({
      id: p('id'),
      gatewayId: p('gatewayId'),
      appointmentId: p('appointmentId'),
      participantId: p('participantId'),
      type: p('type'),
      actionType: p('actionType'),
      payload: p('payload'),
      destination: p('destination'),
      status: 'queued',
      attempts: 0,
      nextAttemptAt: p('nextAttemptAt'),
      clinicDayEndsAt: p('clinicDayEndsAt'),
      createdAt: p('createdAt'),
      updatedAt: p('updatedAt'),
    })
    .prepare(),
);

export const moveAppointmentStatement = preparedOnce((db: Db) =>
  db
    .update(appointments)
    .set({
      state: bound('state'),
      accessionNumber: bound('accessionNumber'),
      sentAt: bound('sentAt'),
      updatedAt: bound('updatedAt'),
    })
    .where(eq(appointments.id, id))
    .prepare(),
);
