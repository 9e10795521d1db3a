/**
 * Rows of a worked clinic written straight into the app's database, for the benchmarks that need more
 * than the demo seed holds (two years of a busy unit; one clinic day of 100 appointments). Each
 * appointment is complete, with its messages and audit entries, as a real day leaves them.
 */
import type Database from 'better-sqlite3';

const TYPES = ['WORKLIST', 'FHIR', 'HL7v2'] as const;
const STATUSES = ['confirmed', 'confirmed', 'confirmed', 'confirmed', 'failed', 'cancelled', 'expired'];
const ACTIONS = [
  'appointment.checkIn',
  'appointment.sendToModality',
  'message.retryNow',
  'appointment.complete',
];

export type RowInserts = ReturnType<typeof prepareRowInserts>;

export function prepareRowInserts(sql: Database.Database) {
  return {
    participant: sql.prepare(
      `INSERT INTO participants (id, nhs_number, family_name, given_name, date_of_birth, sex, created_at) VALUES (?, ?, ?, ?, '1960-01-01', 'female', ?)`,
    ),
    clinic: sql.prepare(
      `INSERT INTO clinics (id, provider_id, name, date, location, time_zone, created_at) VALUES (?, 'provider-alpha', 'Breast screening clinic', ?, 'Unit 1', 'Europe/London', ?)`,
    ),
    slot: sql.prepare(
      `INSERT INTO clinic_slots (id, clinic_id, starts_at, duration_minutes) VALUES (?, ?, ?, 6)`,
    ),
    appointment: sql.prepare(
      `INSERT INTO appointments (id, slot_id, participant_id, state, accession_number, created_at, updated_at) VALUES (?, ?, ?, 'complete', ?, ?, ?)`,
    ),
    message: sql.prepare(
      `INSERT INTO messages (id, gateway_id, appointment_id, participant_id, type, action_type, payload, destination, status, attempts, created_at, delivered_at, confirmed_at, updated_at)
       VALUES (?, 'gateway-alpha', ?, ?, ?, 'message.deliver', '{}', 'mwl', ?, 1, ?, ?, ?, ?)`,
    ),
    audit: sql.prepare(
      `INSERT INTO audit_events (at, actor, action, entity_type, entity_id, details) VALUES (?, ?, ?, 'appointment', ?, NULL)`,
    ),
  };
}

/** A participant numbered `n` (NHS number 8000000000 + n: outside the real range, never a real person). */
export function insertParticipant(insert: RowInserts, n: number, at: string): string {
  insert.participant.run(`bp-${n}`, String(8_000_000_000 + n), `Family${n}`, `Given${n}`, at);
  return `bp-${n}`;
}

/**
 * One clinic on `date` with `count` worked appointments, numbered from `first` (ids, accession numbers
 * and slot times follow the number, ten to an hour from 08:00).
 */
export function insertWorkedClinic(
  insert: RowInserts,
  options: {
    clinicId: string;
    date: string;
    first: number;
    count: number;
    messagesEach: number;
    auditEach: number;
    participantOf: (n: number) => string;
    at: string;
  },
): void {
  const { clinicId, date, first, count, messagesEach, auditEach, participantOf, at } = options;
  insert.clinic.run(clinicId, date, at);
  for (let s = 0; s < count; s++) {
    const n = first + s;
    const startsAt = `${date}T${String(8 + Math.floor(s / 10)).padStart(2, '0')}:${String((s % 10) * 6).padStart(2, '0')}:00.000Z`;
    const appointmentId = `ba-${n}`;
    const participantId = participantOf(n);
    insert.slot.run(`bs-${n}`, clinicId, startsAt);
    insert.appointment.run(
      appointmentId,
      `bs-${n}`,
      participantId,
      `B${String(n).padStart(12, '0')}`,
      startsAt,
      startsAt,
    );
    for (let m = 0; m < messagesEach; m++) {
      const status = STATUSES[(n + m) % STATUSES.length]!;
      const done = status === 'confirmed' ? startsAt : null;
      insert.message.run(
        `bm-${n}-${m}`,
        appointmentId,
        participantId,
        TYPES[m % 3],
        status,
        startsAt,
        done,
        done,
        startsAt,
      );
    }
    for (let a = 0; a < auditEach; a++)
      insert.audit.run(
        startsAt,
        `Staff ${n % 40} (Mammographer)`,
        ACTIONS[a % ACTIONS.length],
        appointmentId,
      );
  }
}
