/**
 * Screens that stay fast for years (issue 17): a database holding two years of a busy unit (100,000
 * appointments, 1,000,000 messages, 1,000,000 audit rows), and the server-side time of what each
 * screen asks for, beside a baseline: the same database with its secondary indexes dropped. Prints
 * `ui.*` lines; figures only, nothing passes or fails.
 * Run: node --conditions=source --import tsx bench/ui-bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../src/main/db/open-database';
import { seedDemoData } from '../src/main/db/seed/demo-seed';
import { listAuditPage } from '../src/main/services/audit/audit-log';
import { listMessagePage } from '../src/main/services/messages/message-log';
import { listClinicAppointments, listClinicSummaries } from '../src/main/services/views';
import { insertParticipant, insertWorkedClinic, prepareRowInserts } from './busy-unit-rows';

const CLINICS = Number(process.env.UI_BENCH_CLINICS ?? 1_000);
const PER_CLINIC = 100;
const MESSAGES_PER_APPOINTMENT = 10;
const AUDIT_PER_APPOINTMENT = 10;
const RUNS = 25;

function isoDay(base: Date, daysBack: number): string {
  return new Date(base.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);
}

/** Two years of clinics up to today, each fully booked and worked: written in one transaction. */
function seedBusyUnit(db: Db): { clinicId: string; nhsNumber: string; accession: string } {
  const now = new Date();
  seedDemoData(db, { now, relayPort: 47653 });
  const sql = db.$client;
  sql.pragma('synchronous = OFF');
  const at = now.toISOString();
  const insert = prepareRowInserts(sql);
  const participants = (CLINICS * PER_CLINIC) / 2;
  sql.transaction(() => {
    for (let p = 0; p < participants; p++) insertParticipant(insert, p, at);
    for (let c = 0; c < CLINICS; c++)
      insertWorkedClinic(insert, {
        clinicId: `bench-clinic-${c}`,
        // Spread over the two years up to today, so recent screens see a busy unit too.
        date: isoDay(now, Math.round(730 * (1 - c / CLINICS))),
        first: c * PER_CLINIC,
        count: PER_CLINIC,
        messagesEach: MESSAGES_PER_APPOINTMENT,
        auditEach: AUDIT_PER_APPOINTMENT,
        participantOf: (n) => `bp-${n % participants}`,
        at,
      });
  })();
  sql.pragma('synchronous = FULL');
  return {
    clinicId: `bench-clinic-${CLINICS - 1}`,
    nhsNumber: String(8_000_000_000 + 77),
    accession: `B${String(4242).padStart(12, '0')}`,
  };
}

function p50(fn: () => unknown): number {
  fn(); // warm: prepared statements, page cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function measure(db: Db, target: ReturnType<typeof seedBusyUnit>): Map<string, number> {
  const lastYear = isoDay(new Date(), 365);
  return new Map<string, number>([
    ['ui.messages.page', p50(() => listMessagePage(db, {}))],
    ['ui.messages.page.status', p50(() => listMessagePage(db, { status: 'failed' }))],
    ['ui.messages.page.type', p50(() => listMessagePage(db, { type: 'FHIR' }))],
    ['ui.messages.page.nhs_number', p50(() => listMessagePage(db, { search: target.nhsNumber }))],
    ['ui.messages.page.accession', p50(() => listMessagePage(db, { search: target.accession }))],
    ['ui.messages.page.dates', p50(() => listMessagePage(db, { from: lastYear, to: lastYear }))],
    ['ui.clinic_day', p50(() => listClinicAppointments(db, target.clinicId))],
    ['ui.audit.page', p50(() => listAuditPage(db, {}))],
    ['ui.audit.page.nhs_number', p50(() => listAuditPage(db, { nhsNumber: target.nhsNumber }))],
    ['ui.audit.page.action', p50(() => listAuditPage(db, { action: 'message.retryNow' }))],
    ['ui.audit.page.dates', p50(() => listAuditPage(db, { from: lastYear, to: lastYear }))],
    // What the Clinics screen asks for: four weeks back and everything to come.
    ['ui.clinics.list', p50(() => listClinicSummaries(db, { from: isoDay(new Date(), 28) }))],
    ['ui.clinics.list.all', p50(() => listClinicSummaries(db, {}))],
  ]);
}

const GOALS: Record<string, number> = {
  'ui.messages.page': 20,
  'ui.clinic_day': 10,
  'ui.audit.page': 20,
  'ui.clinics.list': 10,
};

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-ui-bench-'));
  try {
    const file = path.join(dir, 'busy.db');
    const seeding = performance.now();
    const db = openDatabase(file);
    const target = seedBusyUnit(db);
    const count = (table: string) =>
      (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    console.log(
      `ui.seed: ${count('appointments')} appointments, ${count('messages')} messages, ${count('audit_events')} audit rows in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    const indexed = measure(db, target);
    db.$client.close();

    // Baseline: the same data without the secondary indexes the queries rely on.
    const baselineFile = path.join(dir, 'baseline.db');
    fs.copyFileSync(file, baselineFile);
    const baseline = openDatabase(baselineFile);
    const indexes = baseline.$client
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .all() as Array<{ name: string }>;
    for (const { name } of indexes) baseline.$client.exec(`DROP INDEX "${name}"`);
    const unindexed = measure(baseline, target);
    baseline.$client.close();

    for (const [name, ms] of indexed) {
      const base = unindexed.get(name)!;
      const goal = GOALS[name] !== undefined ? `; goal <= ${GOALS[name]} ms` : '';
      console.log(
        `${name}.p50: ${ms.toFixed(2)} ms (without indexes ${base.toFixed(2)} ms, ${(base / ms).toFixed(1)}x${goal})`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
