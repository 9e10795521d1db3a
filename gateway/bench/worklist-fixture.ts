/**
 * The C-FIND benchmark's worklist: 10,000 deterministic items over 10 clinic days around today (mixed
 * modalities and scheduled stations, most past items completed), in an on-disk gateway database, with or
 * without the worklist schema's indexes. Deterministic so that runs are comparable.
 */
import Database from 'better-sqlite3';
import type { WorklistItemParameters } from 'modality-link-protocol';
import { clinicDate } from '#gateway/worklist/worklist-backup';
import { migrateGatewayDb } from '#gateway/db/migrate';
import { createItem, updateStatus } from '#gateway/worklist/worklist-store';

export const ITEMS = 10_000;
export const DAYS = 10;
const MODALITIES = ['MG', 'US', 'MG', 'CT', 'MG', 'MR', 'MG', 'DX'];
const STATIONS = 8;

export const today = clinicDate(new Date(), 'Europe/London');

/** The benchmark's query: today's MG items for one scheduled station, as a mammography room asks. */
export const benchQuery = { modality: 'MG', date: today, stationAeTitle: 'ROOM1' } as const;

/** The benchmark query's matching keys as findscu `-k` arguments ("today, MG, this room"). */
export const benchQueryKeys = [
  `ScheduledProcedureStepSequence[0].Modality=${benchQuery.modality}`,
  `ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${benchQuery.date}`,
  `ScheduledProcedureStepSequence[0].ScheduledStationAETitle=${benchQuery.stationAeTitle}`,
];

function shiftDays(date: string, days: number): string {
  const d = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + days),
  );
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Deterministic pseudo-random attributes, so fields are not correlated with each other. */
function pick(i: number, salt: number, n: number): number {
  let x = (i + 1) * 2654435761 + salt * 97;
  x = Math.imul(x ^ (x >>> 15), 2246822519) >>> 0;
  return ((x ^ (x >>> 13)) >>> 0) % n;
}

function item(i: number): WorklistItemParameters {
  const minutes = 8 * 60 + pick(i, 1, 10 * 60);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}00`;
  return {
    accession_number: `ACC${String(i).padStart(8, '0')}`,
    participant: {
      nhs_number: String(9_000_000_000 + i),
      name: `PARTICIPANT${i}^Siân`,
      birth_date: '19660314',
      sex: 'F',
    },
    scheduled: { date: shiftDays(today, pick(i, 2, DAYS) - 3), time },
    procedure: {
      modality: MODALITIES[pick(i, 3, MODALITIES.length)]!,
      study_description: 'Bilateral screening mammogram',
    },
    scheduled_station_ae_title: `ROOM${pick(i, 4, STATIONS)}`,
  };
}

export function fillWorklist(file: string, indexed: boolean): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrateGatewayDb(db);
  if (!indexed)
    for (const name of ['worklist_active_by_date', 'worklist_active_by_modality_date'])
      db.exec(`DROP INDEX ${name}`);
  db.transaction(() => {
    for (let i = 0; i < ITEMS; i++) {
      const it = item(i);
      createItem(db, { actionId: `action-${i}`, item: it });
      if (it.scheduled.date < today && i % 3 !== 0) {
        updateStatus(db, it.accession_number, 'IN PROGRESS');
        updateStatus(db, it.accession_number, 'COMPLETED');
      }
    }
  })();
  db.exec('ANALYZE');
  return db;
}
