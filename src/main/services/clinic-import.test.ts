import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IMPORT_TOO_LARGE_MESSAGE,
  MAX_IMPORT_CHARACTERS,
  type ImportProgress,
} from '#shared/ipc/clinic-import';
import type { Db } from '../db/open-database';
import { dispatchCall } from '../ipc/dispatch';
import { clinicListCsv } from '../../../test-support/clinic-list-csv';
import { createTestApp } from '../../../test-support/test-app';
import { listAuditPage } from './audit/audit-log';
import { commitClinicImport, previewClinicImport } from './clinic-import';

const SAMPLE_CSV = fs.readFileSync('docs/samples/clinic-list.csv', 'utf8');
const SAMPLE_FHIR = fs.readFileSync('docs/samples/clinic-list.fhir.json', 'utf8');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The demo data on a real SQLite file, as the app keeps it. */
function appOnFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-import-'));
  dirs.push(dir);
  return createTestApp({ file: path.join(dir, 'app.db') });
}

function tableCounts(db: Db) {
  const count = (table: string) =>
    (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return Object.fromEntries(
    ['clinics', 'clinic_slots', 'participants', 'appointments', 'audit_events'].map((t) => [t, count(t)]),
  );
}

const input = (text: string, fileName = 'list.csv') => ({ fileName, text, runId: 'run-1' });

describe('importing a clinic list', () => {
  it('previews without writing, imports with one audit entry, and a second import of the same file changes nothing', async () => {
    const app = appOnFile();
    const before = tableCounts(app.db);
    const preview = await previewClinicImport(app.ctx, input(SAMPLE_CSV, 'riverside.csv'));
    expect(preview.counts).toEqual({ rows: 6, create: 6, update: 0, unchanged: 0, errors: 0 });
    expect(preview.newClinics).toEqual([
      {
        date: '2027-03-01',
        name: 'Breast screening morning clinic',
        location: 'Riverside Mobile Unit 2, Leisure Centre Car Park',
        appointments: 6,
      },
    ]);
    expect(preview.firstRows[4]).toMatchObject({
      where: 'Row 6',
      outcome: 'create',
      time: '10:00',
      participantName: 'Siobhán Fitzgerald-Byrne',
      nhsNumber: '999 004 0052',
    });
    expect(tableCounts(app.db)).toEqual(before);

    const result = await commitClinicImport(app.ctx, input(SAMPLE_CSV, 'riverside.csv'));
    expect(result.counts).toEqual(preview.counts);
    const after = tableCounts(app.db);
    expect(after).toEqual({
      ...before,
      clinics: before.clinics! + 1,
      clinic_slots: before.clinic_slots! + 6,
      participants: before.participants! + 6,
      appointments: before.appointments! + 6,
      audit_events: before.audit_events! + 1,
    });
    const slots = app.db.$client
      .prepare(
        "SELECT starts_at AS s FROM clinic_slots s JOIN clinics c ON c.id = s.clinic_id WHERE c.date = '2027-03-01' ORDER BY s",
      )
      .all();
    expect(slots[0]).toEqual({ s: '2027-03-01T09:00:00.000Z' });

    const [entry] = listAuditPage(app.db, {}).entries;
    expect(entry).toMatchObject({ actor: 'test-user', actionLabel: 'Clinic list imported from a file' });
    const details = (
      app.db.$client.prepare('SELECT details FROM audit_events ORDER BY id DESC LIMIT 1').get() as {
        details: string;
      }
    ).details;
    expect(JSON.parse(details)).toEqual({
      fileName: 'riverside.csv',
      format: 'csv',
      rows: 6,
      create: 6,
      update: 0,
      unchanged: 0,
      errors: 0,
      clinicsAdded: 1,
      notInFile: 0,
    });
    expect(details).not.toMatch(/999|Hartley|Gwen/);

    const again = await commitClinicImport(app.ctx, input(SAMPLE_CSV, 'riverside.csv'));
    expect(again.counts).toEqual({ rows: 6, create: 0, update: 0, unchanged: 6, errors: 0 });
    expect(again.newClinics).toEqual([]);
    expect(tableCounts(app.db)).toEqual({ ...after, audit_events: after.audit_events! + 1 });
  });

  it('imports a FHIR bundle the same way, and re-importing it changes nothing', async () => {
    const app = appOnFile();
    const first = await commitClinicImport(app.ctx, input(SAMPLE_FHIR, 'bundle.json'));
    expect(first).toMatchObject({ format: 'fhir', counts: { rows: 3, create: 3, errors: 0 } });
    expect(first.firstRows.map((r) => [r.clinicName, r.time])).toEqual([
      ['Breast screening afternoon clinic', '13:30'],
      ['Breast screening afternoon clinic', '13:45'],
      ['Breast screening afternoon clinic', '14:00'],
    ]);
    const counts = tableCounts(app.db);
    expect((await commitClinicImport(app.ctx, input(SAMPLE_FHIR, 'bundle.json'))).counts).toMatchObject({
      unchanged: 3,
      create: 0,
    });
    expect(tableCounts(app.db)).toEqual({ ...counts, audit_events: counts.audit_events! + 1 });
  });

  it('updates only still-scheduled appointments, never moves, replaces or deletes one, and says why per row', async () => {
    const app = appOnFile();
    app.db.$client
      .prepare("UPDATE appointments SET state = 'checked_in' WHERE id = 'clinic-alpha-2026-11-27-appt-2'")
      .run();
    const clinic = '2026-11-27,Breast screening morning clinic,"Alpha Mobile Unit 1, Riverside Car Park"';
    const text = [
      'clinic_date,clinic_name,location,appointment_time,slot_minutes,nhs_number,family_name,given_name,date_of_birth,sex',
      `${clinic},09:00,15,9990123454,Thompson,Jan,1961-03-12,female`,
      `${clinic},09:15,20,9992345675,O'Brien,Maggie,1958-07-04,female`,
      `${clinic},09:30,15,9990040001,Hartley,Gwen,1962-05-14,female`,
      `${clinic},12:00,15,9994567896,Williams,Susan,1966-01-30,female`,
      `${clinic},12:00,15,9990040028,Okafor,Adaeze,1968-10-02,female`,
      `${clinic},12:00,15,9990040036,MacLeod,Morag,1959-01-27,female`,
    ].join('\n');
    const preview = await previewClinicImport(app.ctx, input(text));
    expect(preview.counts).toEqual({ rows: 6, create: 1, update: 1, unchanged: 1, errors: 3 });
    expect(preview.errors).toEqual([
      {
        where: 'Row 4',
        message:
          '09:30 in Breast screening morning clinic on 2026-11-27 is already booked for someone else; the import does not replace bookings',
      },
      {
        where: 'Row 5',
        message:
          'NHS number 999 456 7896 is already booked in Breast screening morning clinic on 2026-11-27 at 09:45; the import does not move appointments',
      },
      {
        where: 'Row 7',
        message:
          'duplicate appointment: 12:00 in Breast screening morning clinic on 2026-11-27 is also booked at Row 6',
      },
    ]);
    expect(preview.firstRows.map((r) => [r.where, r.outcome, r.note])).toEqual([
      ['Row 2', 'update', null],
      ['Row 3', 'unchanged', 'Checked in: left as it is'],
      ['Row 6', 'create', null],
    ]);
    expect(preview.notInFile).toBe(8);

    const before = tableCounts(app.db);
    await commitClinicImport(app.ctx, input(text));
    expect(tableCounts(app.db)).toMatchObject({
      appointments: before.appointments! + 1,
      participants: before.participants! + 1,
    });
    const person = (nhs: string) =>
      app.db.$client.prepare('SELECT given_name AS g FROM participants WHERE nhs_number = ?').get(nhs);
    expect(person('9990123454')).toEqual({ g: 'Jan' });
    expect(person('9992345675')).toEqual({ g: 'Margaret' });
    const slot2 = app.db.$client
      .prepare("SELECT duration_minutes AS d FROM clinic_slots WHERE id = 'clinic-alpha-2026-11-27-slot-2'")
      .get();
    expect(slot2).toEqual({ d: 15 });
  });

  it("keeps a participant's details while another appointment of theirs is under way", async () => {
    const app = appOnFile();
    app.db.$client
      .prepare(
        "UPDATE appointments SET state = 'sent_to_modality' WHERE id = 'clinic-alpha-2026-11-27-appt-2'",
      )
      .run();
    const text = `${SAMPLE_CSV.split('\r\n')[0]}\n2027-03-01,Evening clinic,Unit 3,17:00,15,9992345675,O'Brien,Maggie,1958-07-04,female\n`;
    const result = await commitClinicImport(app.ctx, input(text));
    expect(result.firstRows.map((r) => [r.outcome, r.note])).toEqual([
      ['create', 'Participant details not changed: another appointment of theirs is under way'],
    ]);
    expect(
      app.db.$client
        .prepare("SELECT given_name AS g FROM participants WHERE nhs_number = '9992345675'")
        .get(),
    ).toEqual({ g: 'Margaret' });
  });

  it('refuses to add clinics when no default gateway says which provider they belong to', async () => {
    const app = appOnFile();
    app.db.$client.exec(
      "UPDATE gateways SET is_default = 0; INSERT INTO providers (id, name, ods_code, created_at) VALUES ('p2', 'Beta', 'R98', '2026-01-01T00:00:00.000Z')",
    );
    const preview = await previewClinicImport(app.ctx, input(SAMPLE_CSV));
    expect(preview.errors[0]).toEqual({
      where: 'The file',
      message: expect.stringMatching(/^The file adds clinics, but no default gateway/),
    });
    const before = tableCounts(app.db);
    const refused = await dispatchCall(
      app.ctx,
      app.handlers,
      app.log,
      'clinicImport.commit',
      input(SAMPLE_CSV),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringMatching(/Mark one gateway as the default/) },
    });
    expect(tableCounts(app.db)).toEqual(before);
  });

  it('checks 5,000 rows a chunk at a time while other calls are answered, then writes them in one transaction', async () => {
    const app = appOnFile();
    const text = clinicListCsv(5000);
    const progress: ImportProgress[] = [];
    app.ctx.events.subscribe(
      (event, payload) => event === 'clinicImport.progress' && progress.push(payload as ImportProgress),
    );
    const order: string[] = [];
    const importing = dispatchCall(app.ctx, app.handlers, app.log, 'clinicImport.commit', input(text)).then(
      (r) => {
        order.push('import');
        return r;
      },
    );
    await dispatchCall(app.ctx, app.handlers, app.log, 'staff.current', {}).then(() =>
      order.push('other call'),
    );
    const result = await importing;
    expect(order).toEqual(['other call', 'import']);
    expect(result).toMatchObject({ ok: true, value: { counts: { rows: 5000, create: 5000, errors: 0 } } });
    expect(progress.filter((p) => p.phase === 'checking').map((p) => p.done)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * 250),
    );
    expect(progress.slice(-2).map((p) => p.phase)).toEqual(['writing', 'done']);
    expect(tableCounts(app.db).appointments).toBe(5030);

    const again = await commitClinicImport(app.ctx, input(text));
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 5000 });
    expect(tableCounts(app.db).appointments).toBe(5030);
  });

  it('leaves nothing half-written when the database fails part-way through a 5,000-row import', async () => {
    const app = appOnFile();
    const text = clinicListCsv(5000);
    const before = tableCounts(app.db);
    // A real SQLite failure on the 2,500th new appointment, as a full disk would give.
    app.db.$client.exec(`CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON appointments
      WHEN (SELECT count(*) FROM appointments) >= ${before.appointments! + 2500}
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const phases: string[] = [];
    app.ctx.events.subscribe(
      (event, payload) => event === 'clinicImport.progress' && phases.push((payload as ImportProgress).phase),
    );
    const failed = await dispatchCall(app.ctx, app.handlers, app.log, 'clinicImport.commit', input(text));
    expect(failed).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Something went wrong. The error has been logged.' },
    });
    expect(phases.at(-1)).toBe('failed');
    expect(tableCounts(app.db)).toEqual(before);

    app.db.$client.exec('DROP TRIGGER fail_midway');
    expect((await commitClinicImport(app.ctx, input(text))).counts.create).toBe(5000);
  });

  it('refuses a file over the size limit with a named error before reading it', async () => {
    const app = createTestApp();
    const result = await dispatchCall(
      app.ctx,
      app.handlers,
      app.log,
      'clinicImport.preview',
      input('x'.repeat(MAX_IMPORT_CHARACTERS + 1)),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { text: IMPORT_TOO_LARGE_MESSAGE } },
    });
  });

  it('reports a CSV without the columns and a bundle that is not JSON as errors naming where', async () => {
    const app = createTestApp();
    const preview = await previewClinicImport(app.ctx, input('name,age\nJo,4\n'));
    expect(preview.counts).toEqual({ rows: 1, create: 0, update: 0, unchanged: 0, errors: 1 });
    expect(preview.errors[0]?.where).toBe('Row 1');
    expect(preview.errors[0]?.message).toMatch(/^the header has no clinic_date, clinic_name/);
    const notJson = await previewClinicImport(app.ctx, input('{"resourceType": "Bundle",', 'list.json'));
    expect(notJson.errors[0]).toMatchObject({
      where: 'The file',
      message: expect.stringMatching(/^The file is not valid JSON/),
    });
  });
});
