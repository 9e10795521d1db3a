/**
 * Importing a 5,000-row clinic list (issue 17): the time from the file's text to the committed
 * transaction (read, check every row in chunks, plan against the database, write, audit), and the
 * re-import of the same file (which changes nothing), beside a baseline from the same run: inserting
 * the same rows with prepared statements in one transaction, with no reading or checking at all.
 * `transaction_ms` is the part that holds the event loop (deciding and writing inside the transaction).
 * Prints `import.*` lines; figures only, nothing passes or fails.
 * Run: node --conditions=source --import tsx bench/import-bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/main/db/open-database';
import { seedDemoData } from '../src/main/db/seed/demo-seed';
import { createContext } from '../src/main/services/context';
import { commitClinicImport } from '../src/main/services/clinic-import';
import { clinicListCsv } from '../test-support/clinic-list-csv';

const ROWS = 5_000;

function freshDb(dir: string, name: string) {
  const db = openDatabase(path.join(dir, name));
  seedDemoData(db, { now: new Date('2026-11-27T08:30:00Z'), relayPort: 47653 });
  return db;
}

/** The floor: the same clinics, slots, participants and appointments inserted with nothing else. */
function rawInsert(dir: string, text: string): number {
  const db = freshDb(dir, 'baseline.db');
  const sql = db.$client;
  const rows = text
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(','));
  const started = performance.now();
  sql.transaction(() => {
    const clinic = sql.prepare(
      `INSERT OR IGNORE INTO clinics (id, provider_id, name, date, location, time_zone, created_at) VALUES (?, 'provider-alpha', 'Clinic', ?, 'Unit', 'Europe/London', '')`,
    );
    const slot = sql.prepare(
      'INSERT INTO clinic_slots (id, clinic_id, starts_at, duration_minutes) VALUES (?, ?, ?, 5)',
    );
    const person = sql.prepare(
      `INSERT OR IGNORE INTO participants (id, nhs_number, family_name, given_name, date_of_birth, sex, created_at) VALUES (?, ?, ?, ?, ?, 'female', '')`,
    );
    const appointment = sql.prepare(
      `INSERT INTO appointments (id, slot_id, participant_id, state, created_at, updated_at) VALUES (?, ?, (SELECT id FROM participants WHERE nhs_number = ?), 'scheduled', '', '')`,
    );
    rows.forEach((cells, i) => {
      const [date = '', , , time = '', , nhs = '', family = '', given = '', dob = ''] = cells;
      clinic.run(`c-${date}`, date);
      slot.run(`s-${i}`, `c-${date}`, `${date}T${time}:00.000Z`);
      person.run(`p-${i}`, nhs, family, given, dob);
      appointment.run(`a-${i}`, `s-${i}`, nhs);
    });
  })();
  const ms = performance.now() - started;
  sql.close();
  return ms;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-import-bench-'));
  try {
    const text = clinicListCsv(ROWS);
    const db = freshDb(dir, 'import.db');
    const ctx = createContext(db, { actor: 'bench' });
    const input = { fileName: 'bench.csv', text, runId: 'bench' };
    // From "writing" to "done" is the one write transaction: the time the event loop is not free.
    const writes: number[] = [];
    let writing = 0;
    ctx.events.subscribe((event, payload) => {
      if (event !== 'clinicImport.progress') return;
      const { phase } = payload as { phase: string };
      if (phase === 'writing') writing = performance.now();
      if (phase === 'done') writes.push(performance.now() - writing);
    });
    let started = performance.now();
    const first = await commitClinicImport(ctx, input);
    const importMs = performance.now() - started;
    started = performance.now();
    const again = await commitClinicImport(ctx, input);
    const reimportMs = performance.now() - started;
    db.$client.close();
    const baseline = rawInsert(dir, text);
    console.log(
      `import.${ROWS}.ms: ${importMs.toFixed(0)} ms for ${first.counts.create} new appointments (baseline: the same rows inserted raw in one transaction ${baseline.toFixed(0)} ms, ${(importMs / baseline).toFixed(1)}x)`,
    );
    console.log(
      `import.${ROWS}.transaction_ms: ${writes[0]?.toFixed(0)} ms (deciding and writing; the event loop is busy)`,
    );
    console.log(
      `import.${ROWS}.reimport_ms: ${reimportMs.toFixed(0)} ms, ${again.counts.unchanged} unchanged`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
