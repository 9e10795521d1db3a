import { z } from 'zod';
import { APPOINTMENT_STATES } from '../domain/appointment-state';
import {
  ACTION_TYPES,
  FAILING_PHASES,
  GATEWAY_PROFILES,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
} from '../domain/message';
import { PARTICIPANT_SEXES } from '../domain/participant';
import { DELIVERY_OUTCOMES, LATERALITIES } from 'modality-link-protocol';

/** Shapes the renderer sees. Main builds them; zod checks them on the way out, so drift is caught. */
export const appointmentStateSchema = z.enum(APPOINTMENT_STATES);
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);

const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const clinicSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  providerName: z.string(),
  location: z.string(),
  date: isoDate,
  timeZone: z.string(),
  total: z.number().int(),
  counts: z.partialRecord(appointmentStateSchema, z.number().int()),
  /** Outcomes are recorded by hand instead of sending to the modality. */
  manualMode: z.boolean(),
  /** The gateway that serves this clinic's provider, whose connection the clinic screen watches. */
  gatewayId: z.string().nullable(),
});
export type ClinicSummary = z.infer<typeof clinicSummarySchema>;

/**
 * One of an appointment's orders that has not reached its destination yet. Staff are told once
 * `dueAt` passes (or at once when it was given up on); it disappears when the order is confirmed.
 */
export const deliveryAlertSchema = z.object({
  messageId: z.string(),
  messageType: z.enum(MESSAGE_TYPES),
  status: messageStatusSchema,
  attempts: z.number().int(),
  sinceAt: isoInstant,
  dueAt: isoInstant,
  failingPhase: z.enum(FAILING_PHASES).nullable(),
  lastError: z.string().nullable(),
});
export type DeliveryAlert = z.infer<typeof deliveryAlertSchema>;

export const appointmentViewSchema = z.object({
  id: z.string(),
  clinicId: z.string(),
  startsAt: isoInstant,
  durationMinutes: z.number().int(),
  state: appointmentStateSchema,
  accessionNumber: z.string().nullable(),
  updatedAt: isoInstant,
  participant: z.object({
    id: z.string(),
    familyName: z.string(),
    givenName: z.string(),
    nhsNumber: z.string(),
    dateOfBirth: isoDate,
    sex: z.enum(PARTICIPANT_SEXES),
  }),
  /** The worst/latest status across this appointment's current messages, for the clinic list. */
  messageStatus: messageStatusSchema.nullable(),
  deliveryAlerts: z.array(deliveryAlertSchema),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

export const clinicDaySchema = z.object({
  clinic: clinicSummarySchema,
  appointments: z.array(appointmentViewSchema),
});
export type ClinicDay = z.infer<typeof clinicDaySchema>;

export const messageSummarySchema = z.object({
  id: z.string(),
  appointmentId: z.string().nullable(),
  clinicId: z.string().nullable(),
  participantName: z.string().nullable(),
  gatewayName: z.string(),
  type: z.enum(MESSAGE_TYPES),
  actionType: z.enum(ACTION_TYPES),
  destination: z.string(),
  status: messageStatusSchema,
  attempts: z.number().int(),
  createdAt: isoInstant,
  deliveredAt: isoInstant.nullable(),
  confirmedAt: isoInstant.nullable(),
  failedAt: isoInstant.nullable(),
  nextAttemptAt: isoInstant.nullable(),
  lastError: z.string().nullable(),
  failingPhase: z.enum(FAILING_PHASES).nullable(),
  /** What the destination did with it, as the gateway reported. */
  outcome: z.enum(DELIVERY_OUTCOMES).nullable(),
  /** When it last changed: a screen keeps the newest copy, whichever connection brought it. */
  updatedAt: isoInstant,
});
export type MessageSummary = z.infer<typeof messageSummarySchema>;

export const messageDetailSchema = messageSummarySchema.extend({
  /** Payload as stored: JSON for WORKLIST/FHIR, pipe-delimited text for HL7 v2. */
  payload: z.string(),
  payloadFormat: z.enum(['json', 'hl7v2']),
  accessionNumber: z.string().nullable(),
  /** The gateway's reply, as JSON text, once it has answered. */
  gatewayReply: z.string().nullable(),
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  siteName: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const gatewayViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  sendRuleName: z.string(),
  routes: z.array(z.object({ messageType: z.enum(MESSAGE_TYPES), destination: z.string() })),
  /** Public: the gateway's signing key, for checking against what the gateway printed. */
  gatewayPublicKey: z.string().nullable(),
  modalityAeTitle: z.string().nullable(),
  isDefault: z.boolean(),
  profile: z.enum(GATEWAY_PROFILES),
  relayAddress: z.string(),
  hybridConnection: z.string(),
  keyEnrolled: z.boolean(),
  connection: z.object({
    state: z.enum(['idle', 'connecting', 'ready', 'closed']),
    lastContactAt: isoInstant.nullable(),
    lastRoundTripMs: z.number().nullable(),
    lastError: z.string().nullable(),
    failingPhase: z.enum(FAILING_PHASES).nullable(),
  }),
  waiting: z.number().int(),
  failed: z.number().int(),
});
export type GatewayView = z.infer<typeof gatewayViewSchema>;

const probeSchema = z.object({
  /** False when the gateway's protocol has no such check: then not passed, not failed (issue 13). */
  available: z.boolean(),
  ok: z.boolean(),
  roundTripMs: z.number().nullable(),
  message: z.string(),
  failingPhase: z.enum(FAILING_PHASES).nullable(),
});
export const connectionTestSchema = z.object({
  /** Only for a protocol without an echo: a connection opened through the relay, nothing sent. */
  connection: probeSchema.optional(),
  echo: probeSchema,
  health: probeSchema.extend({ details: z.record(z.string(), z.unknown()).nullable() }),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const workstationSchema = z.object({
  workstationId: z.string(),
  /** Public key fingerprint, grouped for reading aloud during enrolment. Never the private key. */
  fingerprint: z.string(),
  publicKey: z.string(),
});
export type Workstation = z.infer<typeof workstationSchema>;

export const studyImageViewSchema = z.object({
  sopInstanceUid: z.string(),
  /** `RCC`, `LMLO`… from laterality and view; null when the image carries neither. */
  label: z.string().nullable(),
  laterality: z.enum(LATERALITIES).nullable(),
  view: z.string().nullable(),
  /** `data:image/png;base64,…`: small enough to send whole, and allowed by the page's CSP. */
  thumbnail: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  acquiredAt: isoInstant,
  dose: z.record(z.string(), z.number()).nullable(),
});
export type StudyImageView = z.infer<typeof studyImageViewSchema>;

export const timelineEntrySchema = z.object({
  at: isoInstant,
  kind: z.enum(['appointment', 'message', 'procedure', 'image', 'manual']),
  title: z.string(),
  detail: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const appointmentDetailSchema = z.object({
  appointment: appointmentViewSchema,
  clinic: clinicSummarySchema,
  timeline: z.array(timelineEntrySchema),
  messages: z.array(messageSummarySchema),
  images: z.array(studyImageViewSchema),
});
export type AppointmentDetail = z.infer<typeof appointmentDetailSchema>;
