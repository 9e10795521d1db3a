import type { AppointmentState } from '#shared/domain/appointment-state';
import type { Db } from '../db/open-database';
import type { Sex } from './import-row';

/** What the database already holds for a file's dates and NHS numbers, read in a few queries. */
export interface ExistingClinic {
  id: string;
  timeZone: string;
}
export interface ExistingSlot {
  slotId: string;
  clinicId: string;
  startsAt: string;
  durationMinutes: number;
  appointmentId: string | null;
  state: AppointmentState | null;
  participantId: string | null;
}
export interface ExistingParticipant {
  id: string;
  nhsNumber: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  sex: Sex;
}
export interface ExistingBookings {
  /** By clinic key (date, name and location). */
  clinics: Map<string, ExistingClinic>;
  slots: ExistingSlot[];
  participants: Map<string, ExistingParticipant>;
  /** Participants with an appointment under way (checked in, sent, in progress): details stay as they are. */
  underWay: Set<string>;
  /** Who new clinics belong to: the default gateway's provider, else the only one; null if unclear. */
  providerId: string | null;
}

export const clinicKey = (date: string, name: string, location: string) =>
  `${date}\u0000${name}\u0000${location}`;

/** SQLite allows a limited number of parameters per statement; long IN lists are read in chunks. */
function inChunks<T>(db: Db, sql: (placeholders: string) => string, values: readonly string[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    out.push(...(db.$client.prepare(sql(chunk.map(() => '?').join(','))).all(...chunk) as T[]));
  }
  return out;
}

export function readExistingBookings(
  db: Db,
  dates: readonly string[],
  nhsNumbers: readonly string[],
): ExistingBookings {
  const clinicRows = inChunks<{ id: string; date: string; name: string; location: string; timeZone: string }>(
    db,
    (p) => `SELECT id, date, name, location, time_zone AS timeZone FROM clinics WHERE date IN (${p})`,
    dates,
  );
  const clinics = new Map(
    clinicRows.map((c) => [clinicKey(c.date, c.name, c.location), { id: c.id, timeZone: c.timeZone }]),
  );
  const slots = inChunks<ExistingSlot>(
    db,
    (
      p,
    ) => `SELECT s.id AS slotId, s.clinic_id AS clinicId, s.starts_at AS startsAt, s.duration_minutes AS durationMinutes,
              a.id AS appointmentId, a.state AS state, a.participant_id AS participantId
            FROM clinic_slots s LEFT JOIN appointments a ON a.slot_id = s.id WHERE s.clinic_id IN (${p})`,
    clinicRows.map((c) => c.id),
  );
  const people = inChunks<ExistingParticipant>(
    db,
    (p) => `SELECT id, nhs_number AS nhsNumber, family_name AS familyName, given_name AS givenName,
              date_of_birth AS dateOfBirth, sex FROM participants WHERE nhs_number IN (${p})`,
    nhsNumbers,
  );
  const underWay = inChunks<{ participantId: string }>(
    db,
    (p) => `SELECT DISTINCT participant_id AS participantId FROM appointments
            WHERE state IN ('checked_in', 'sent_to_modality', 'in_progress') AND participant_id IN (${p})`,
    people.map((person) => person.id),
  );
  return {
    clinics,
    slots,
    participants: new Map(people.map((person) => [person.nhsNumber, person])),
    underWay: new Set(underWay.map((row) => row.participantId)),
    providerId: chooseProvider(db),
  };
}

function chooseProvider(db: Db): string | null {
  const fromDefault = db.$client
    .prepare('SELECT provider_id AS id FROM gateways WHERE is_default = 1 ORDER BY created_at LIMIT 1')
    .get() as { id: string } | undefined;
  if (fromDefault) return fromDefault.id;
  const all = db.$client.prepare('SELECT id FROM providers LIMIT 2').all() as { id: string }[];
  return all.length === 1 ? (all[0]?.id ?? null) : null;
}
