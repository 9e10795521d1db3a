import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readClinicListBundle } from './fhir-clinic-list';

const sample = fs.readFileSync('docs/samples/clinic-list.fhir.json', 'utf8');
type Bundle = { resourceType: string; entry: { fullUrl?: string; resource: Record<string, unknown> }[] };
const bundle = (): Bundle => JSON.parse(sample) as Bundle;
const appointment = (b: Bundle, n: number) =>
  b.entry.filter((e) => e.resource.resourceType === 'Appointment')[n]!.resource;

describe('reading a FHIR R4 Bundle of Appointments and Patients', () => {
  it('maps each booked Appointment to a row: Patient participant, start in London time, serviceType, Location', () => {
    const read = readClinicListBundle(sample);
    expect(read.fileErrors).toEqual([]);
    expect(read.rows).toHaveLength(3);
    expect(read.rows[1]).toEqual({
      where: 'Entry 6',
      clinicDate: '2027-03-02',
      time: '13:45',
      clinicName: 'Breast screening afternoon clinic',
      location: 'Riverside Mobile Unit 2, Leisure Centre Car Park',
      durationMinutes: '15',
      nhsNumber: '9990040087',
      familyName: 'Adeyemi',
      givenName: 'Folake Grace',
      dateOfBirth: '1966-09-23',
      sex: 'female',
    });
  });

  it('reads start in the clinic time zone across the clock change, and the slot from end when no minutesDuration', () => {
    const b = bundle();
    Object.assign(appointment(b, 0), {
      status: 'pending',
      start: '2027-06-01T08:00:00Z',
      end: '2027-06-01T08:20:00Z',
      minutesDuration: undefined,
    });
    expect(readClinicListBundle(JSON.stringify(b)).rows[0]).toMatchObject({
      clinicDate: '2027-06-01',
      time: '09:00',
      durationMinutes: '20',
    });
  });

  it('names entries with the wrong resource type, a missing reference, a bad status or start', () => {
    const b = bundle();
    b.entry.push({ resource: { resourceType: 'Practitioner', id: 'p' } });
    Object.assign(appointment(b, 0), { participant: [{ actor: { reference: 'Patient/nobody' } }] });
    Object.assign(appointment(b, 1), { status: 'cancelled' });
    Object.assign(appointment(b, 2), { start: '2027-03-02 13:30' });
    const read = readClinicListBundle(JSON.stringify(b));
    expect(read.rows).toEqual([]);
    expect(read.fileErrors).toEqual([
      'Entry 8: a Practitioner is not part of a clinic list; only Appointment, Patient and Location entries are read.',
      'Entry 5: its participant Patient/nobody is not a Patient in the bundle.',
      'Entry 6: the appointment\'s status is "cancelled"; only booked appointments are imported.',
      'Entry 7: start "2027-03-02 13:30" is not a date and time with an offset, such as 2026-11-27T09:15:00Z.',
    ]);
  });

  it('refuses a participant reference to a resource of another type, and two Patients on one appointment', () => {
    const b = bundle();
    Object.assign(appointment(b, 0), { participant: [{ actor: { reference: 'Patient/riverside-unit-2' } }] });
    b.entry[0]!.resource.id = 'riverside-unit-2';
    Object.assign(appointment(b, 1), {
      participant: [
        { actor: { reference: 'Patient/participant-1' } },
        { actor: { reference: 'Patient/participant-2' } },
      ],
    });
    expect(readClinicListBundle(JSON.stringify(b)).fileErrors).toEqual([
      'Entry 5: its participant Patient/riverside-unit-2 is not a Patient in the bundle.',
      'Entry 6: the appointment must have exactly one Patient participant (it has 2).',
    ]);
  });

  it('says when the file is not JSON, not a Bundle, or has no entries', () => {
    expect(readClinicListBundle('{"resourceType": "Bundle",').fileErrors[0]).toMatch(
      /^The file is not valid JSON \(/,
    );
    expect(readClinicListBundle('{"resourceType":"Patient"}').fileErrors).toEqual([
      'The file is JSON but not a FHIR Bundle (its resourceType must be "Bundle").',
    ]);
    expect(readClinicListBundle('\uFEFF{"resourceType":"Bundle"}').fileErrors).toEqual([
      'The Bundle has no entry list.',
    ]);
  });
});
