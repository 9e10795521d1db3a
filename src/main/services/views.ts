import { and, asc, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { AppointmentState } from '#shared/domain/appointment-state';
import type { MessageStatus } from '#shared/domain/message';
import type { AppointmentView, ClinicSummary, MessageDetail, MessageSummary } from '#shared/ipc/views';
import type { Db } from '../db/open-database';
import { preparedOnce } from '../db/prepared';
import {
  appointments,
  clinics,
  clinicSlots,
  gateways,
  messages,
  participants,
  providers,
} from '../db/schema';
import { deliveryAlertMs, deliveryAlerts, type AlertSourceRow } from './messages/delivery-alerts';
import { DomainError } from './errors';

const ALERT_AFTER_MS = deliveryAlertMs();

/** Read models for the renderer: one query per screen, shaped exactly as the IPC contract says. */

// Which message status an appointment row shows when it has several: the one that needs attention first.
const STATUS_PRIORITY: MessageStatus[] = [
  'failed',
  'expired',
  'retry_wait',
  'sending',
  'queued',
  'delivered',
  'confirmed',
];

export function summariseMessageStatus(statuses: MessageStatus[]): MessageStatus | null {
  for (const status of STATUS_PRIORITY) if (statuses.includes(status)) return status;
  return null;
}

const appointmentColumns = {
  id: appointments.id,
  clinicId: clinicSlots.clinicId,
  startsAt: clinicSlots.startsAt,
  durationMinutes: clinicSlots.durationMinutes,
  state: appointments.state,
  accessionNumber: appointments.accessionNumber,
  updatedAt: appointments.updatedAt,
  pId: participants.id,
  familyName: participants.familyName,
  givenName: participants.givenName,
  nhsNumber: participants.nhsNumber,
  dateOfBirth: participants.dateOfBirth,
  sex: participants.sex,
};

/**
 * When the appointment or any of its messages last changed. A screen keeps whichever copy of an
 * appointment is newest (the action's result and pushed changes race on separate connections), so a
 * message settling must make the view newer than the one the send returned.
 */
function lastChange(appointmentUpdatedAt: string, rows: readonly { updatedAt: string }[]): string {
  let latest = appointmentUpdatedAt;
  for (const row of rows) if (Date.parse(row.updatedAt) > Date.parse(latest)) latest = row.updatedAt;
  return latest;
}

const appointmentMessageColumns = {
  id: messages.id,
  appointmentId: messages.appointmentId,
  type: messages.type,
  actionType: messages.actionType,
  status: messages.status,
  createdAt: messages.createdAt,
  attempts: messages.attempts,
  lastError: messages.lastError,
  failingPhase: messages.failingPhase,
  outcome: messages.outcome,
  updatedAt: messages.updatedAt,
};

function appointmentRows(db: Db) {
  return db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(clinicSlots, eq(appointments.slotId, clinicSlots.id))
    .innerJoin(participants, eq(appointments.participantId, participants.id));
}

type AppointmentRow = ReturnType<ReturnType<typeof appointmentRows>['all']>[number];
type AppointmentMessageRow = AlertSourceRow & { appointmentId: string | null; updatedAt: string };

function selectAppointments(db: Db, where: SQL | undefined): AppointmentView[] {
  const rows = appointmentRows(db).where(where).orderBy(asc(clinicSlots.startsAt)).all();
  const ids = rows.map((r) => r.id);
  const messageRows =
    ids.length === 0
      ? []
      : db
          .select(appointmentMessageColumns)
          .from(messages)
          .where(inArray(messages.appointmentId, ids))
          .orderBy(asc(sql`${messages}.rowid`))
          .all();
  return toAppointmentViews(rows, messageRows);
}

function toAppointmentViews(
  rows: readonly AppointmentRow[],
  messageRows: readonly AppointmentMessageRow[],
): AppointmentView[] {
  const byAppointment = new Map<string, AppointmentMessageRow[]>();
  for (const m of messageRows) {
    if (!m.appointmentId) continue;
    const list = byAppointment.get(m.appointmentId) ?? [];
    list.push(m);
    byAppointment.set(m.appointmentId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    clinicId: r.clinicId,
    startsAt: r.startsAt,
    durationMinutes: r.durationMinutes,
    state: r.state,
    accessionNumber: r.accessionNumber,
    updatedAt: lastChange(r.updatedAt, byAppointment.get(r.id) ?? []),
    participant: {
      id: r.pId,
      familyName: r.familyName,
      givenName: r.givenName,
      nhsNumber: r.nhsNumber,
      dateOfBirth: r.dateOfBirth,
      sex: r.sex,
    },
    messageStatus: summariseMessageStatus((byAppointment.get(r.id) ?? []).map((m) => m.status)),
    deliveryAlerts: deliveryAlerts(byAppointment.get(r.id) ?? [], ALERT_AFTER_MS),
  }));
}

// One appointment's view is built after every send and every settled batch: prepared once (db/prepared.ts).
const appointmentByIdQuery = preparedOnce((db: Db) =>
  appointmentRows(db)
    .where(eq(appointments.id, sql.placeholder('id')))
    .prepare(),
);
const appointmentMessagesQuery = preparedOnce((db: Db) =>
  db
    .select(appointmentMessageColumns)
    .from(messages)
    .where(eq(messages.appointmentId, sql.placeholder('id')))
    .orderBy(asc(sql`${messages}.rowid`))
    .prepare(),
);

export function getAppointmentView(db: Db, appointmentId: string): AppointmentView {
  const row = appointmentByIdQuery(db).get({ id: appointmentId });
  const [view] = row
    ? toAppointmentViews([row], appointmentMessagesQuery(db).all({ id: appointmentId }))
    : [];
  if (!view) throw new DomainError('not_found', 'That appointment no longer exists.');
  return view;
}

export function listClinicAppointments(db: Db, clinicId: string): AppointmentView[] {
  return selectAppointments(db, eq(clinicSlots.clinicId, clinicId));
}

export function listClinicSummaries(
  db: Db,
  filter: { from?: string; clinicId?: string } = {},
): ClinicSummary[] {
  const conditions = [
    filter.from ? gte(clinics.date, filter.from) : undefined,
    filter.clinicId ? eq(clinics.id, filter.clinicId) : undefined,
  ];
  const rows = db
    .select({
      id: clinics.id,
      name: clinics.name,
      providerName: providers.name,
      location: clinics.location,
      date: clinics.date,
      timeZone: clinics.timeZone,
      manualMode: clinics.manualMode,
      // The same choice as gatewayForProvider(): the default gateway, else the oldest.
      gatewayId: sql<
        string | null
      >`(SELECT g.id FROM ${gateways} g WHERE g.provider_id = ${clinics.providerId}
        ORDER BY g.is_default DESC, g.created_at, g.id LIMIT 1)`,
    })
    .from(clinics)
    .innerJoin(providers, eq(clinics.providerId, providers.id))
    .where(and(...conditions))
    .orderBy(asc(clinics.date), asc(clinics.name))
    .all();
  const counts = db
    .select({ clinicId: clinicSlots.clinicId, state: appointments.state, n: sql<number>`count(*)` })
    .from(appointments)
    .innerJoin(clinicSlots, eq(appointments.slotId, clinicSlots.id))
    .where(
      inArray(
        clinicSlots.clinicId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(clinicSlots.clinicId, appointments.state)
    .all();
  return rows.map((clinic) => {
    const mine = counts.filter((c) => c.clinicId === clinic.id);
    const byState: Partial<Record<AppointmentState, number>> = {};
    for (const c of mine) byState[c.state] = c.n;
    return { ...clinic, counts: byState, total: mine.reduce((sum, c) => sum + c.n, 0) };
  });
}

const messageColumns = {
  id: messages.id,
  appointmentId: messages.appointmentId,
  clinicId: clinicSlots.clinicId,
  givenName: participants.givenName,
  familyName: participants.familyName,
  gatewayName: gateways.name,
  type: messages.type,
  actionType: messages.actionType,
  destination: messages.destination,
  status: messages.status,
  attempts: messages.attempts,
  createdAt: messages.createdAt,
  deliveredAt: messages.deliveredAt,
  confirmedAt: messages.confirmedAt,
  failedAt: messages.failedAt,
  nextAttemptAt: messages.nextAttemptAt,
  lastError: messages.lastError,
  failingPhase: messages.failingPhase,
  outcome: messages.outcome,
  updatedAt: messages.updatedAt,
};

export function selectMessages(db: Db) {
  return db
    .select({
      ...messageColumns,
      payload: messages.payload,
      accessionNumber: appointments.accessionNumber,
      gatewayReply: messages.gatewayReply,
      seq: sql<number>`${messages}.rowid`,
    })
    .from(messages)
    .innerJoin(gateways, eq(messages.gatewayId, gateways.id))
    .leftJoin(participants, eq(messages.participantId, participants.id))
    .leftJoin(appointments, eq(messages.appointmentId, appointments.id))
    .leftJoin(clinicSlots, eq(appointments.slotId, clinicSlots.id));
}

type MessageRow = ReturnType<ReturnType<typeof selectMessages>['all']>[number];
type SummaryRow = Omit<MessageRow, 'payload' | 'accessionNumber' | 'gatewayReply' | 'seq'>;

function summaryOf({ givenName, familyName, ...rest }: SummaryRow): MessageSummary {
  return { ...rest, participantName: givenName && familyName ? `${givenName} ${familyName}` : null };
}

export function toSummary(row: MessageRow): MessageSummary {
  const { payload: _payload, accessionNumber: _acc, gatewayReply: _reply, seq: _seq, ...rest } = row;
  return summaryOf(rest);
}

/**
 * Summaries of given messages, as every send and settled batch announces them: prepared once, and
 * without the payloads and replies a summary drops (they are most of a row's bytes).
 */
const summariesByIdsQuery = preparedOnce((db: Db) =>
  db
    .select(messageColumns)
    .from(messages)
    .innerJoin(gateways, eq(messages.gatewayId, gateways.id))
    .leftJoin(participants, eq(messages.participantId, participants.id))
    .leftJoin(appointments, eq(messages.appointmentId, appointments.id))
    .leftJoin(clinicSlots, eq(appointments.slotId, clinicSlots.id))
    .where(sql`${messages.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
    .orderBy(desc(messages.createdAt), desc(sql`${messages}.rowid`))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

export function listMessageSummaries(
  db: Db,
  filter: {
    appointmentId?: string;
    clinicId?: string;
    status?: MessageStatus;
    ids?: string[];
    limit?: number;
  },
): MessageSummary[] {
  const { ids, limit = 200, ...others } = filter;
  if (ids && Object.values(others).every((v) => v === undefined))
    return summariesByIdsQuery(db)
      .all({ ids: JSON.stringify(ids), limit })
      .map(summaryOf);
  const rows = selectMessages(db)
    .where(
      and(
        filter.appointmentId ? eq(messages.appointmentId, filter.appointmentId) : undefined,
        filter.clinicId ? eq(clinicSlots.clinicId, filter.clinicId) : undefined,
        filter.status ? eq(messages.status, filter.status) : undefined,
        filter.ids ? inArray(messages.id, filter.ids) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(sql`${messages}.rowid`))
    .limit(filter.limit ?? 200)
    .all();
  return rows.map(toSummary);
}

export function getMessageDetail(db: Db, messageId: string): MessageDetail {
  const row = selectMessages(db).where(eq(messages.id, messageId)).get();
  if (!row) throw new DomainError('not_found', 'That message no longer exists.');
  return {
    ...toSummary(row),
    payload: row.payload,
    payloadFormat: row.type === 'HL7v2' ? 'hl7v2' : 'json',
    accessionNumber: row.accessionNumber,
    gatewayReply: row.gatewayReply,
  };
}
