import type { Db } from '../db/open-database';
import type { ImportPlan } from './import-plan';

const DEFAULT_TIME_ZONE = 'Europe/London';

/**
 * Writes a plan's new clinics, slots, participants and appointments and its permitted updates. Called
 * inside the import's one transaction: if any statement fails, SQLite rolls all of it back.
 */
export function writePlan(db: Db, plan: ImportPlan, at: string, newId: () => string): void {
  const sql = db.$client;
  const insertClinic = sql.prepare(
    `INSERT INTO clinics (id, provider_id, name, date, location, time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSlot = sql.prepare(
    'INSERT INTO clinic_slots (id, clinic_id, starts_at, duration_minutes) VALUES (?, ?, ?, ?)',
  );
  const updateSlot = sql.prepare('UPDATE clinic_slots SET duration_minutes = ? WHERE id = ?');
  const insertParticipant = sql.prepare(
    `INSERT INTO participants (id, nhs_number, family_name, given_name, date_of_birth, sex, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateParticipant = sql.prepare(
    'UPDATE participants SET family_name = ?, given_name = ?, date_of_birth = ?, sex = ? WHERE id = ?',
  );
  const insertAppointment = sql.prepare(
    `INSERT INTO appointments (id, slot_id, participant_id, state, created_at, updated_at)
     VALUES (?, ?, ?, 'scheduled', ?, ?)`,
  );
  const touchAppointment = sql.prepare('UPDATE appointments SET updated_at = ? WHERE id = ?');

  const clinicIds = new Map<string, string>();
  for (const clinic of plan.newClinics) {
    if (!plan.providerId) throw new Error('an import that adds clinics needs a provider');
    const id = newId();
    insertClinic.run(id, plan.providerId, clinic.name, clinic.date, clinic.location, DEFAULT_TIME_ZONE, at);
    clinicIds.set(clinic.key, id);
  }
  const addedPeople = new Map<string, string>();
  for (const planned of plan.rows) {
    const { row } = planned;
    let participantId = planned.participantId ?? addedPeople.get(row.nhsNumber) ?? null;
    if (!participantId) {
      participantId = newId();
      insertParticipant.run(
        participantId,
        row.nhsNumber,
        row.familyName,
        row.givenName,
        row.dateOfBirth,
        row.sex,
        at,
      );
      addedPeople.set(row.nhsNumber, participantId);
    } else if (planned.updatesParticipant) {
      updateParticipant.run(row.familyName, row.givenName, row.dateOfBirth, row.sex, participantId);
    }
    if (planned.outcome === 'create') {
      let slotId = planned.slot?.slotId;
      if (!slotId) {
        slotId = newId();
        const clinicId = planned.clinicId ?? clinicIds.get(planned.clinicKey);
        insertSlot.run(slotId, clinicId, planned.startsAt, row.durationMinutes);
      }
      insertAppointment.run(newId(), slotId, participantId, at, at);
    } else if (planned.outcome === 'update' && planned.slot?.appointmentId) {
      if (planned.slot.durationMinutes !== row.durationMinutes)
        updateSlot.run(row.durationMinutes, planned.slot.slotId);
      touchAppointment.run(at, planned.slot.appointmentId);
    }
  }
}
