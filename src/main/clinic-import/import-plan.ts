import { APPOINTMENT_STATE_LABELS } from '#shared/domain/appointment-state';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import type { ImportOutcome } from '#shared/ipc/clinic-import';
import { zonedTimeToUtc } from '../db/seed/local-time';
import { clinicKey, type ExistingBookings, type ExistingSlot } from './existing-bookings';
import type { CheckedRow } from './import-row';

const DEFAULT_TIME_ZONE = 'Europe/London';

export interface PlannedRow {
  row: CheckedRow;
  outcome: ImportOutcome;
  note: string | null;
  clinicKey: string;
  /** The existing clinic, or null when the import adds it. */
  clinicId: string | null;
  startsAt: string;
  /** The existing slot at that time, or null when the import adds one. */
  slot: ExistingSlot | null;
  /** The participant's existing id, or null when the import adds them. */
  participantId: string | null;
  /** Whether this row changes the existing participant's name, date of birth or sex. */
  updatesParticipant: boolean;
}

export interface NewClinic {
  key: string;
  date: string;
  name: string;
  location: string;
  appointments: number;
}

export interface ImportPlan {
  rows: PlannedRow[];
  errors: string[];
  /** How many rows the errors are about (a row may have several). */
  rowsWithErrors: number;
  newClinics: NewClinic[];
  notInFile: number;
  providerId: string | null;
}

/** Start instants by date, time and zone: worked out while rows are checked, a chunk at a time, so the
 * plan made inside the write transaction (which holds the event loop) mostly looks them up. */
export type StartTimes = Map<string, string>;

export function slotStart(
  times: StartTimes,
  date: string,
  time: string,
  timeZone = DEFAULT_TIME_ZONE,
): string {
  const key = `${date}|${time}|${timeZone}`;
  let startsAt = times.get(key);
  if (!startsAt) {
    startsAt = zonedTimeToUtc(date, time, timeZone).toISOString();
    times.set(key, startsAt);
  }
  return startsAt;
}

const samePerson = (a: CheckedRow, b: Pick<CheckedRow, 'familyName' | 'givenName' | 'dateOfBirth' | 'sex'>) =>
  a.familyName === b.familyName &&
  a.givenName === b.givenName &&
  a.dateOfBirth === b.dateOfBirth &&
  a.sex === b.sex;

const localTime = (startsAt: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: DEFAULT_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(startsAt));

/**
 * Decides, row by row, what importing the file would do against what the database holds. Pure apart
 * from its input, so the dry run and the import itself (inside its transaction) decide identically.
 * Rules (ADR 0026): an appointment is identified by its clinic (date, name, location) and start time;
 * only a still-scheduled appointment is ever changed; nothing is moved, replaced or deleted.
 */
export function planImport(
  rows: readonly CheckedRow[],
  existing: ExistingBookings,
  times: StartTimes = new Map(),
): ImportPlan {
  const plan: ImportPlan = {
    rows: [],
    errors: [],
    rowsWithErrors: 0,
    newClinics: [],
    notInFile: 0,
    providerId: existing.providerId,
  };
  const slotsByTime = new Map(existing.slots.map((s) => [`${s.clinicId}|${s.startsAt}`, s]));
  const bookedInClinic = new Map<string, ExistingSlot>();
  for (const s of existing.slots)
    if (s.participantId && s.state !== 'cancelled') bookedInClinic.set(`${s.clinicId}|${s.participantId}`, s);
  const newClinics = new Map<string, NewClinic>();
  const seenSlots = new Map<string, string>();
  const seenPeople = new Map<string, string>();
  const firstDetails = new Map<string, CheckedRow>();
  const matchedSlots = new Set<string>();

  for (const row of rows) {
    const fail = (message: string) => {
      plan.errors.push(`${row.where}: ${message}`);
      plan.rowsWithErrors++;
    };
    const key = clinicKey(row.clinicDate, row.clinicName, row.location);
    const clinic = existing.clinics.get(key) ?? null;
    const startsAt = slotStart(times, row.clinicDate, row.time, clinic?.timeZone);
    const clinicWords = `${row.clinicName} on ${row.clinicDate}`;
    const earlierSlot = seenSlots.get(`${key}|${startsAt}`);
    if (earlierSlot) {
      fail(`duplicate appointment: ${row.time} in ${clinicWords} is also booked at ${earlierSlot}`);
      continue;
    }
    const earlierPerson = seenPeople.get(`${key}|${row.nhsNumber}`);
    if (earlierPerson) {
      fail(
        `duplicate appointment: NHS number ${formatNhsNumber(row.nhsNumber)} is also booked in ${clinicWords} at ${earlierPerson}`,
      );
      continue;
    }
    const first = firstDetails.get(row.nhsNumber);
    if (first && !samePerson(row, first)) {
      fail(
        `NHS number ${formatNhsNumber(row.nhsNumber)} has a different name, date of birth or sex than at ${first.where}`,
      );
      continue;
    }
    const person = existing.participants.get(row.nhsNumber) ?? null;
    const slot = clinic ? (slotsByTime.get(`${clinic.id}|${startsAt}`) ?? null) : null;
    const appointment = slot?.appointmentId ? slot : null;
    if (appointment && appointment.participantId !== person?.id) {
      fail(
        `${row.time} in ${clinicWords} is already booked for someone else; the import does not replace bookings`,
      );
      continue;
    }
    const elsewhere =
      clinic && person && !appointment ? bookedInClinic.get(`${clinic.id}|${person.id}`) : undefined;
    if (elsewhere) {
      fail(
        `NHS number ${formatNhsNumber(row.nhsNumber)} is already booked in ${clinicWords} at ${localTime(elsewhere.startsAt)}; the import does not move appointments`,
      );
      continue;
    }
    seenSlots.set(`${key}|${startsAt}`, row.where);
    seenPeople.set(`${key}|${row.nhsNumber}`, row.where);
    if (!first) firstDetails.set(row.nhsNumber, row);
    if (slot) matchedSlots.add(slot.slotId);

    const detailsDiffer = person !== null && !samePerson(row, person);
    const stillScheduled = !appointment || appointment.state === 'scheduled';
    const updatesParticipant = detailsDiffer && stillScheduled && !existing.underWay.has(person.id) && !first;
    let outcome: ImportOutcome = 'create';
    let note: string | null = null;
    if (appointment) {
      const lengthDiffers = appointment.durationMinutes !== row.durationMinutes;
      if (!stillScheduled && (detailsDiffer || lengthDiffers)) {
        note = `${APPOINTMENT_STATE_LABELS[appointment.state ?? 'scheduled']}: left as it is`;
      }
      outcome = stillScheduled && (updatesParticipant || lengthDiffers) ? 'update' : 'unchanged';
    }
    if (detailsDiffer && !updatesParticipant && !note && stillScheduled && existing.underWay.has(person.id))
      note = 'Participant details not changed: another appointment of theirs is under way';
    if (!clinic) {
      const added = newClinics.get(key) ?? {
        key,
        date: row.clinicDate,
        name: row.clinicName,
        location: row.location,
        appointments: 0,
      };
      added.appointments++;
      newClinics.set(key, added);
    }
    plan.rows.push({
      row,
      outcome,
      note,
      clinicKey: key,
      clinicId: clinic?.id ?? null,
      startsAt,
      slot,
      participantId: person?.id ?? null,
      updatesParticipant,
    });
  }

  const touched = new Set(plan.rows.map((p) => p.clinicId).filter(Boolean));
  plan.notInFile = existing.slots.filter(
    (s) =>
      touched.has(s.clinicId) && s.appointmentId && s.state !== 'cancelled' && !matchedSlots.has(s.slotId),
  ).length;
  plan.newClinics = [...newClinics.values()];
  if (plan.newClinics.length > 0 && !plan.providerId) {
    plan.errors.unshift(
      'The file adds clinics, but no default gateway says which provider they belong to. Mark one gateway as the default first.',
    );
  }
  return plan;
}
