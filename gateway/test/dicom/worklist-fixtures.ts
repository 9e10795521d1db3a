import Database from 'better-sqlite3';
import type { WorklistItemParameters } from 'modality-link-protocol';
import { migrateGatewayDb } from '#gateway/db/migrate';

/** A fresh in-memory gateway database with every migration applied, as the core would open it. */
export function worklistDb(): Database.Database {
  const db = new Database(':memory:');
  migrateGatewayDb(db);
  return db;
}

export interface ItemFields {
  accession: string;
  name?: string;
  nhsNumber?: string;
  date?: string;
  time?: string;
  modality?: string;
  station?: string;
  sex?: WorklistItemParameters['participant']['sex'];
}

/** A valid `worklist_item` (it passes `worklistItemSchema`) with only the interesting fields varied. */
export function worklistItem(fields: ItemFields): WorklistItemParameters {
  return {
    accession_number: fields.accession,
    participant: {
      nhs_number: fields.nhsNumber ?? '9434765919',
      name: fields.name ?? 'SMITH^JANE',
      birth_date: '19660314',
      sex: fields.sex ?? 'F',
    },
    scheduled: { date: fields.date ?? '20261127', time: fields.time ?? '091500' },
    procedure: { modality: fields.modality ?? 'MG', study_description: 'Bilateral screening mammogram' },
    ...(fields.station ? { scheduled_station_ae_title: fields.station } : {}),
  };
}
