import { wallClock } from 'modality-link-protocol';
import type { ReadFile } from './csv-clinic-list';
import type { RawRow } from './import-row';

/** The NHS number's identifier system in NHS England's FHIR profiles. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const CLINIC_TIME_ZONE = 'Europe/London';
const READ_TYPES = ['Appointment', 'Patient', 'Location'];
const IMPORTED_STATUSES = ['booked', 'pending'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

interface Entry {
  where: string;
  resource: Json;
}

/** The first coding's display or the concept's text, as FHIR puts a name on a CodeableConcept. */
function conceptName(concept: unknown): string {
  if (!isObject(concept)) return '';
  const coding = list(concept.coding).find(isObject);
  return text(concept.text) || text(coding?.display);
}

function patientFields(
  patient: Json,
): Pick<RawRow, 'nhsNumber' | 'familyName' | 'givenName' | 'dateOfBirth' | 'sex'> {
  const identifier = list(patient.identifier).find((i) => isObject(i) && i.system === NHS_NUMBER_SYSTEM);
  const name =
    list(patient.name).find((n) => isObject(n) && n.use === 'official') ?? list(patient.name).find(isObject);
  return {
    nhsNumber: isObject(identifier) ? text(identifier.value) : '',
    familyName: isObject(name) ? text(name.family) : '',
    givenName: isObject(name) ? list(name.given).map(text).filter(Boolean).join(' ') : '',
    dateOfBirth: text(patient.birthDate),
    sex: text(patient.gender),
  };
}

/** An instant with an offset, read as the clinic's wall clock: its date and HH:MM. */
function localStart(start: string): { date: string; time: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(start)) return null;
  const instant = new Date(start);
  if (Number.isNaN(instant.getTime())) return null;
  const c = wallClock(instant, CLINIC_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${c.year}-${pad(c.month)}-${pad(c.day)}`, time: `${pad(c.hour)}:${pad(c.minute)}` };
}

function slotMinutes(appointment: Json): string {
  if (typeof appointment.minutesDuration === 'number') return String(appointment.minutesDuration);
  const start = Date.parse(text(appointment.start));
  const end = Date.parse(text(appointment.end));
  return Number.isFinite(start) && Number.isFinite(end) ? String(Math.round((end - start) / 60_000)) : '';
}

/**
 * A FHIR R4 Bundle of Appointments with their Patients (and Locations): each booked Appointment is one
 * row. Its Patient participant gives the participant, `start` the clinic date and time (read in
 * Europe/London), `serviceType` the clinic's name and its Location participant the location. The
 * mapping is documented in docs/clinic-import.md.
 */
export function readClinicListBundle(json: string): ReadFile {
  let bundle: unknown;
  try {
    bundle = JSON.parse(json.startsWith('\uFEFF') ? json.slice(1) : json);
  } catch (error) {
    return { rows: [], fileErrors: [`The file is not valid JSON (${(error as Error).message}).`] };
  }
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle')
    return {
      rows: [],
      fileErrors: ['The file is JSON but not a FHIR Bundle (its resourceType must be "Bundle").'],
    };
  if (!Array.isArray(bundle.entry)) return { rows: [], fileErrors: ['The Bundle has no entry list.'] };

  const fileErrors: string[] = [];
  const entries: Entry[] = [];
  const byReference = new Map<string, Entry>();
  bundle.entry.forEach((item, index) => {
    const where = `Entry ${index + 1}`;
    const resource = isObject(item) ? item.resource : undefined;
    if (!isObject(item) || !isObject(resource) || typeof resource.resourceType !== 'string')
      return void fileErrors.push(`${where}: has no resource with a resourceType.`);
    if (!READ_TYPES.includes(resource.resourceType))
      return void fileErrors.push(
        `${where}: a ${resource.resourceType} is not part of a clinic list; only Appointment, Patient and Location entries are read.`,
      );
    const entry = { where, resource };
    entries.push(entry);
    if (typeof item.fullUrl === 'string') byReference.set(item.fullUrl, entry);
    if (typeof resource.id === 'string') byReference.set(`${resource.resourceType}/${resource.id}`, entry);
  });

  const rows: RawRow[] = [];
  for (const { where, resource } of entries) {
    if (resource.resourceType !== 'Appointment') continue;
    const status = text(resource.status);
    if (!IMPORTED_STATUSES.includes(status)) {
      fileErrors.push(
        `${where}: the appointment's status is "${status || 'missing'}"; only booked appointments are imported.`,
      );
      continue;
    }
    const actors = list(resource.participant).map((p) => (isObject(p) && isObject(p.actor) ? p.actor : {}));
    const resolved = actors.map((actor) => ({ actor, entry: byReference.get(text(actor.reference)) }));
    // A participant is a Patient or Location by what its reference resolves to (a urn:uuid says
    // nothing), or by its reference's type when it resolves to nothing or to something else.
    const isA = (type: string) => (p: (typeof resolved)[number]) =>
      p.entry?.resource.resourceType === type || new RegExp(`(^|/)${type}/`).test(text(p.actor.reference));
    const patients = resolved.filter(isA('Patient'));
    const location = resolved.find(isA('Location'));
    if (patients.length !== 1) {
      fileErrors.push(
        `${where}: the appointment must have exactly one Patient participant (it has ${patients.length}).`,
      );
      continue;
    }
    const patient = patients[0]?.entry?.resource;
    if (!patient || patient.resourceType !== 'Patient') {
      fileErrors.push(
        `${where}: its participant ${text(patients[0]?.actor.reference)} is not a Patient in the bundle.`,
      );
      continue;
    }
    const start = localStart(text(resource.start));
    if (!start) {
      fileErrors.push(
        `${where}: start "${text(resource.start) || 'missing'}" is not a date and time with an offset, such as 2026-11-27T09:15:00Z.`,
      );
      continue;
    }
    rows.push({
      where,
      clinicDate: start.date,
      time: start.time,
      clinicName: list(resource.serviceType).map(conceptName).find(Boolean) ?? '',
      location: text(location?.entry?.resource.name) || text(location?.actor.display),
      durationMinutes: slotMinutes(resource),
      ...patientFields(patient),
    });
  }
  return { rows, fileErrors };
}
