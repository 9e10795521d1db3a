import { eq } from 'drizzle-orm';
import type { Db } from '../open-database';
import { appointments, clinics, clinicSlots, gateways, participants, providers } from '../schema';
import { generateParticipants, type GeneratedParticipant } from './participant-generator';
import { clinicDays, localDate, zonedTimeToUtc } from './local-time';

/**
 * The demo data a newcomer sees on first start: Alpha Hospital Trust, one gateway on the embedded
 * local relay, a clinic today and on the next working days. Ids are derived from names and dates, so
 * running it on every start adds only what is missing (a clinic for a new "today") and never
 * duplicates or overwrites what staff have changed.
 */
export const DEMO_PROVIDER_ID = 'provider-alpha';
export const DEMO_GATEWAY_ID = 'gateway-alpha';
const TIME_ZONE = 'Europe/London';
const SLOT_MINUTES = 15;

/** Ten fictional participants, as in the seed proof of concept; NHS numbers from the 999 test range. */
export const DEMO_PARTICIPANTS: GeneratedParticipant[] = [
  {
    nhsNumber: '9990123454',
    familyName: 'Thompson',
    givenName: 'Janet',
    dateOfBirth: '1961-03-12',
    sex: 'female',
  },
  {
    nhsNumber: '9992345675',
    familyName: "O'Brien",
    givenName: 'Margaret',
    dateOfBirth: '1958-07-04',
    sex: 'female',
  },
  {
    nhsNumber: '9993456780',
    familyName: 'Patel',
    givenName: 'Priya',
    dateOfBirth: '1970-11-23',
    sex: 'female',
  },
  {
    nhsNumber: '9994567896',
    familyName: 'Williams',
    givenName: 'Susan',
    dateOfBirth: '1966-01-30',
    sex: 'female',
  },
  {
    nhsNumber: '9996789012',
    familyName: 'Jones',
    givenName: 'Siân',
    dateOfBirth: '1963-09-15',
    sex: 'female',
  },
  {
    nhsNumber: '9997890124',
    familyName: 'Khan',
    givenName: 'Nasreen',
    dateOfBirth: '1969-05-08',
    sex: 'female',
  },
  {
    nhsNumber: '9998901235',
    familyName: 'Evans',
    givenName: 'Helen',
    dateOfBirth: '1955-12-01',
    sex: 'female',
  },
  {
    nhsNumber: '9999012345',
    familyName: 'Nowak',
    givenName: 'Zoë',
    dateOfBirth: '1972-02-29',
    sex: 'female',
  },
  {
    nhsNumber: '9991112227',
    familyName: 'Campbell',
    givenName: 'Fiona',
    dateOfBirth: '1960-08-19',
    sex: 'female',
  },
  {
    nhsNumber: '9992223332',
    familyName: 'Walker-Smith',
    givenName: 'Anne',
    dateOfBirth: '1967-04-26',
    sex: 'female',
  },
];

export interface DemoSeedOptions {
  now: Date;
  /** Port of the embedded local relay that the demo gateway listens on. */
  relayPort: number;
  /** How many days of clinics: today, then the next working days. */
  days?: number;
}

export function seedDemoData(db: Db, options: DemoSeedOptions): { clinicsAdded: number } {
  const at = options.now.toISOString();
  const today = localDate(options.now, TIME_ZONE);
  let clinicsAdded = 0;
  db.transaction((tx) => {
    tx.insert(providers)
      .values({ id: DEMO_PROVIDER_ID, name: 'Alpha Hospital Trust', odsCode: 'R99', createdAt: at })
      .onConflictDoNothing()
      .run();
    tx.insert(gateways)
      .values({
        id: DEMO_GATEWAY_ID,
        providerId: DEMO_PROVIDER_ID,
        name: 'Alpha Hospital Trust gateway',
        relayScheme: 'ws',
        relayHost: '127.0.0.1',
        relayPort: options.relayPort,
        hybridConnection: 'alpha-gateway',
        sendRuleName: 'send',
        sendKeyRef: 'relay-send-key:gateway-alpha',
        profile: 'modality-link/1',
        routes: JSON.stringify([
          { messageType: 'WORKLIST', destination: 'mwl' },
          { messageType: 'FHIR', destination: 'trust-fhir' },
          { messageType: 'HL7v2', destination: 'tie-hl7' },
        ]),
        modalityAeTitle: 'ALPHA_MG1',
        isDefault: true,
        createdAt: at,
      })
      .onConflictDoNothing()
      .run();

    clinicDays(today, options.days ?? 3).forEach((date, dayIndex) => {
      const clinicId = `clinic-alpha-${date}`;
      if (tx.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, clinicId)).get()) return;
      tx.insert(clinics)
        .values({
          id: clinicId,
          providerId: DEMO_PROVIDER_ID,
          name: 'Breast screening morning clinic',
          date,
          location: 'Alpha Mobile Unit 1, Riverside Car Park',
          timeZone: TIME_ZONE,
          createdAt: at,
        })
        .run();
      const people =
        dayIndex === 0 ? DEMO_PARTICIPANTS : generateParticipants(10, Number(date.replace(/-/g, '')), date);
      addAppointments(tx as unknown as Db, clinicId, date, people, at);
      clinicsAdded++;
    });
  });
  return { clinicsAdded };
}

/** Books participants into consecutive 15-minute slots from 09:00 local time. Shared with the benchmark generator. */
export function addAppointments(
  db: Db,
  clinicId: string,
  date: string,
  people: GeneratedParticipant[],
  at: string,
): void {
  people.forEach((person, index) => {
    const participantId = `participant-${person.nhsNumber}`;
    db.insert(participants)
      .values({ id: participantId, ...person, createdAt: at })
      .onConflictDoNothing()
      .run();
    const minutes = 9 * 60 + index * SLOT_MINUTES;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const slotId = `${clinicId}-slot-${index + 1}`;
    db.insert(clinicSlots)
      .values({
        id: slotId,
        clinicId,
        startsAt: zonedTimeToUtc(date, time, TIME_ZONE).toISOString(),
        durationMinutes: SLOT_MINUTES,
      })
      .run();
    db.insert(appointments)
      .values({
        id: `${clinicId}-appt-${index + 1}`,
        slotId,
        participantId,
        state: 'scheduled',
        createdAt: at,
        updatedAt: at,
      })
      .run();
  });
}
