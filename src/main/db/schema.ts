import { sql } from 'drizzle-orm';
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
// The enums are the shared domain's lists, so the database, the IPC contract and the screens cannot drift.
import { APPOINTMENT_STATES } from '#shared/domain/appointment-state';
import {
  ACTION_TYPES,
  FAILING_PHASES,
  GATEWAY_PROFILES,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
} from '#shared/domain/message';
import { PARTICIPANT_SEXES } from '#shared/domain/participant';
import { DELIVERY_OUTCOMES, LATERALITIES } from 'modality-link-protocol';

/**
 * The desktop app's database. Timestamps are ISO 8601 UTC strings with milliseconds
 * (`2026-11-27T09:15:00.000Z`): they sort as text and stay readable in the message log.
 */
const createdAt = () => text('created_at').notNull();

export const providers = sqliteTable('providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  odsCode: text('ods_code').notNull(),
  createdAt: createdAt(),
});

export const gateways = sqliteTable(
  'gateways',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    name: text('name').notNull(),
    /** Relay endpoint: `ws`/`wss`, host and port; the local relay and Azure share one code path. */
    relayScheme: text('relay_scheme', { enum: ['ws', 'wss'] }).notNull(),
    relayHost: text('relay_host').notNull(),
    relayPort: integer('relay_port'),
    hybridConnection: text('hybrid_connection').notNull(),
    sendRuleName: text('send_rule_name').notNull(),
    /** Name of the send key in the secret store; the key itself never lives in this table. */
    sendKeyRef: text('send_key_ref').notNull(),
    profile: text('profile', { enum: GATEWAY_PROFILES }).notNull(),
    /** JSON array of `{messageType, destination}`: which message types this gateway delivers where. */
    routes: text('routes').notNull(),
    /** Scheduled station AE title of the modality the worklist serves, when known. */
    modalityAeTitle: text('modality_ae_title'),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    /** The gateway's Ed25519 public key (base64), enrolled here so its signed events can be verified. */
    gatewayPublicKey: text('gateway_public_key'),
    /** Seconds to wait for the gateway's reply to an action before calling it an ack timeout. */
    ackTimeoutSeconds: integer('ack_timeout_seconds').notNull().default(30),
    createdAt: createdAt(),
  },
  (t) => [index('gateways_provider_idx').on(t.providerId)],
);

export const clinics = sqliteTable(
  'clinics',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    name: text('name').notNull(),
    /** Local calendar date of the clinic, YYYY-MM-DD, in `time_zone`. */
    date: text('date').notNull(),
    location: text('location').notNull(),
    timeZone: text('time_zone').notNull().default('Europe/London'),
    /**
     * Manual fallback: the clinic records outcomes by hand instead of sending to the modality (the
     * July 2026 live clinic ran this way). Switching is audited.
     */
    manualMode: integer('manual_mode', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('clinics_date_idx').on(t.date)],
);

export const clinicSlots = sqliteTable(
  'clinic_slots',
  {
    id: text('id').primaryKey(),
    clinicId: text('clinic_id')
      .notNull()
      .references(() => clinics.id),
    startsAt: text('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
  },
  (t) => [
    index('clinic_slots_clinic_idx').on(t.clinicId, t.startsAt),
    check('clinic_slots_duration_positive', sql`${t.durationMinutes} > 0`),
  ],
);

export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  nhsNumber: text('nhs_number').notNull().unique(),
  familyName: text('family_name').notNull(),
  givenName: text('given_name').notNull(),
  dateOfBirth: text('date_of_birth').notNull(),
  sex: text('sex', { enum: PARTICIPANT_SEXES }).notNull(),
  createdAt: createdAt(),
});

export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    slotId: text('slot_id')
      .notNull()
      .references(() => clinicSlots.id),
    participantId: text('participant_id')
      .notNull()
      .references(() => participants.id),
    state: text('state', { enum: APPOINTMENT_STATES }).notNull(),
    /** Assigned on the first send and reused on every resend so destinations can deduplicate. */
    accessionNumber: text('accession_number').unique(),
    checkedInAt: text('checked_in_at'),
    sentAt: text('sent_at'),
    finishedAt: text('finished_at'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('appointments_slot_unique').on(t.slotId),
    index('appointments_participant_idx').on(t.participantId),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.id),
    appointmentId: text('appointment_id').references(() => appointments.id),
    participantId: text('participant_id').references(() => participants.id),
    type: text('type', { enum: MESSAGE_TYPES }).notNull(),
    actionType: text('action_type', { enum: ACTION_TYPES }).notNull(),
    payload: text('payload').notNull(),
    destination: text('destination').notNull(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    failingPhase: text('failing_phase', { enum: FAILING_PHASES }),
    createdAt: createdAt(),
    deliveredAt: text('delivered_at'),
    confirmedAt: text('confirmed_at'),
    failedAt: text('failed_at'),
    /**
     * End of the appointment's clinic day (the clinic's local midnight, as UTC): retries are frequent
     * before it and the message expires a set time after it. Null for messages older than this column.
     */
    clinicDayEndsAt: text('clinic_day_ends_at'),
    /** When retrying stopped because the appointment could no longer be imaged. */
    expiredAt: text('expired_at'),
    /** What the gateway reported from the destination, after confirming receipt. */
    outcome: text('outcome', { enum: DELIVERY_OUTCOMES }),
    outcomeAt: text('outcome_at'),
    /** The gateway's reply to the action (status and text), for the message detail view. */
    gatewayReply: text('gateway_reply'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('messages_due_idx').on(t.status, t.nextAttemptAt),
    index('messages_appointment_idx').on(t.appointmentId),
    index('messages_gateway_idx').on(t.gatewayId),
    // The message log pages newest first by row order within a filter: each single-column index keeps
    // its rows in row order, so a filtered page reads only its own rows (ADR 0022).
    index('messages_status_idx').on(t.status),
    index('messages_type_idx').on(t.type),
    index('messages_participant_idx').on(t.participantId),
    index('messages_created_idx').on(t.createdAt),
    // The seed's proof of concept could record a confirmation before delivery; the schema forbids it.
    check(
      'messages_confirmed_after_delivered',
      sql`${t.confirmedAt} IS NULL OR (${t.deliveredAt} IS NOT NULL AND ${t.confirmedAt} >= ${t.deliveredAt})`,
    ),
    check('messages_attempts_non_negative', sql`${t.attempts} >= 0`),
  ],
);

/** Append-only (enforced by triggers in a custom migration). Details hold ids and states, never patient data. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    details: text('details'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    // The audit log screen's filters, newest first (ADR 0022).
    index('audit_at_idx').on(t.at),
    index('audit_action_idx').on(t.action),
  ],
);

/**
 * Every event received from a gateway, keyed by the gateway's event id: applying an event and
 * recording it happen in one transaction, so a replayed event is recognised and changes nothing.
 */
export const gatewayEvents = sqliteTable(
  'gateway_events',
  {
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.id),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    actionId: text('action_id'),
    accessionNumber: text('accession_number'),
    /** Plain words worth showing staff (why an image was refused); never patient data. */
    detail: text('detail'),
    occurredAt: text('occurred_at').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.eventId] })],
);

/** Small key/value settings owned by main (workstation id and the like); never secrets. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Images the modality stored at the gateway, with the reduced copy shown on the clinic screen. */
export const studyImages = sqliteTable(
  'study_images',
  {
    sopInstanceUid: text('sop_instance_uid').primaryKey(),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id),
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.id),
    eventId: text('event_id').notNull(),
    studyInstanceUid: text('study_instance_uid'),
    sopClassUid: text('sop_class_uid').notNull(),
    laterality: text('laterality', { enum: LATERALITIES }),
    view: text('view'),
    thumbnailMime: text('thumbnail_mime').notNull(),
    thumbnail: blob('thumbnail', { mode: 'buffer' }).notNull(),
    thumbnailWidth: integer('thumbnail_width').notNull(),
    thumbnailHeight: integer('thumbnail_height').notNull(),
    /** JSON of the dose attributes the image carried, if any. */
    dose: text('dose'),
    acquiredAt: text('acquired_at').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [index('study_images_appointment_idx').on(t.appointmentId)],
);

/**
 * Pre-clinic rehearsals (ADR 0025): a test participant sent round the loop, never a real appointment,
 * so nothing here reaches clinic lists, messages or the dashboard. `phases` is the steps as JSON.
 */
export const rehearsals = sqliteTable(
  'rehearsals',
  {
    id: text('id').primaryKey(),
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.id),
    clinicId: text('clinic_id').references(() => clinics.id),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at').notNull(),
    outcome: text('outcome', { enum: ['passed', 'failed'] }).notNull(),
    summary: text('summary').notNull(),
    phases: text('phases').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('rehearsals_gateway_idx').on(t.gatewayId, t.finishedAt)],
);
