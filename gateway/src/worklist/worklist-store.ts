import type Database from 'better-sqlite3';
import type { WorklistItemParameters, WorklistStatus } from 'modality-link-protocol';
import { inRange, personNameMatch, type ValueRange } from './dicom-match';
import { prepared } from './statement-cache';
import { newUuidDerivedUid } from './study-uid';
import { ACTIVE_STATUS_SQL } from '../db/migrations/0001-worklist';

export { backupAndReset, type BackupResetResult } from './worklist-backup';

/**
 * The worklist store: synchronous on the caller's better-sqlite3 handle, so the core can create an item
 * inside the same transaction that records the inbox row acknowledging it.
 */
type Db = Database.Database;

export interface WorklistRow {
  accessionNumber: string;
  patientId: string;
  patientName: string;
  patientBirthDate: string;
  patientSex: string;
  scheduledDate: string;
  scheduledTime: string;
  modality: string;
  studyDescription: string;
  procedureCode: string | null;
  scheduledStationAeTitle: string | null;
  status: WorklistStatus;
  studyInstanceUid: string;
  mppsInstanceUid: string | null;
  sourceMessageId: string;
  createdAt: string;
  updatedAt: string;
}

const SELECT_COLUMNS = `accession_number AS accessionNumber, patient_id AS patientId, patient_name AS patientName,
  patient_birth_date AS patientBirthDate, patient_sex AS patientSex, scheduled_date AS scheduledDate,
  scheduled_time AS scheduledTime, modality, study_description AS studyDescription,
  procedure_code AS procedureCode, scheduled_station_ae_title AS scheduledStationAeTitle, status,
  study_instance_uid AS studyInstanceUid, mpps_instance_uid AS mppsInstanceUid,
  source_message_id AS sourceMessageId, created_at AS createdAt, updated_at AS updatedAt`;

export type CreateItemResult = { status: 'created' } | { status: 'exists' };

/**
 * Idempotent on the accession number, like production: a repeat (even under another action id, e.g.
 * the app re-sending after losing a reply) is `exists` and leaves the first item untouched.
 * The item must already have passed `worklistItemSchema`; this function does not re-validate.
 */
export function createItem(
  db: Db,
  input: { actionId: string; item: WorklistItemParameters },
): CreateItemResult {
  const { actionId, item } = input;
  const now = new Date().toISOString();
  const result = prepared(
    db,
    `INSERT INTO worklist_items (accession_number, patient_id, patient_name, patient_birth_date, patient_sex,
         scheduled_date, scheduled_time, modality, study_description, procedure_code, scheduled_station_ae_title,
         status, study_instance_uid, source_message_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'SCHEDULED', ?, ?, ?, ?)
       ON CONFLICT (accession_number) DO NOTHING`,
  ).run(
    item.accession_number,
    item.participant.nhs_number,
    item.participant.name,
    item.participant.birth_date,
    item.participant.sex,
    item.scheduled.date,
    item.scheduled.time,
    item.procedure.modality,
    item.procedure.study_description,
    item.scheduled_station_ae_title ?? null,
    newUuidDerivedUid(),
    actionId,
    now,
    now,
  );
  return result.changes === 1 ? { status: 'created' } : { status: 'exists' };
}

/** Which moves are allowed from each state (MPPS: N-CREATE starts, N-SET completes or discontinues). */
const NEXT: Record<WorklistStatus, readonly WorklistStatus[]> = {
  SCHEDULED: ['IN PROGRESS', 'DISCONTINUED'],
  'IN PROGRESS': ['COMPLETED', 'DISCONTINUED'],
  COMPLETED: [],
  DISCONTINUED: [],
};

export type UpdateStatusResult =
  | { status: 'updated' }
  | { status: 'error'; message: string; code: 'not_found' | 'invalid_transition' | 'conflict' };

/**
 * Moves an item along the state machine. A repeat of the move that already happened (e.g. MPPS N-CREATE
 * after the first image already started the step) is `updated` without change, so duplicates from
 * modalities or retries are harmless. The UPDATE is conditional on the status we read, so two writers
 * racing cannot both win.
 */
export function updateStatus(db: Db, accession: string, status: WorklistStatus): UpdateStatusResult {
  const row = prepared(db, 'SELECT status FROM worklist_items WHERE accession_number = ?').get(accession) as
    { status: WorklistStatus } | undefined;
  if (!row) return { status: 'error', code: 'not_found', message: `Worklist item '${accession}' not found` };
  if (row.status === status) return { status: 'updated' };
  if (!NEXT[row.status].includes(status)) {
    return {
      status: 'error',
      code: 'invalid_transition',
      message: `Cannot transition to '${status}': worklist item '${accession}' is ${row.status}`,
    };
  }
  const changed = prepared(
    db,
    'UPDATE worklist_items SET status = ?, updated_at = ? WHERE accession_number = ? AND status = ?',
  ).run(status, new Date().toISOString(), accession, row.status).changes;
  if (changed !== 1)
    return {
      status: 'error',
      code: 'conflict',
      message: `Worklist item '${accession}' changed while updating`,
    };
  return { status: 'updated' };
}

/** Records the MPPS instance that performs an item (N-CREATE); the latest one wins. */
export function recordMppsInstance(db: Db, accession: string, mppsInstanceUid: string): boolean {
  return (
    prepared(
      db,
      'UPDATE worklist_items SET mpps_instance_uid = ?, updated_at = ? WHERE accession_number = ?',
    ).run(mppsInstanceUid, new Date().toISOString(), accession).changes === 1
  );
}

/**
 * What the MWL SCP can ask the store for. Every field is optional (absent = universal matching);
 * ranges are inclusive over complete `YYYYMMDD` / `HHMMSS` values (see dicom-match).
 */
export interface WorklistQuery {
  accessionNumber?: string;
  patientId?: string;
  /** DICOM wildcard pattern, matched case-insensitively. */
  patientName?: string;
  modality?: string;
  /** Matches items for this station and items not assigned to any station. */
  scheduledStationAeTitle?: string;
  scheduledDate?: ValueRange;
  scheduledTime?: ValueRange;
}

/**
 * Active (scheduled or in-progress) items matching the query, ordered by date, time, accession.
 * Everything but the name is matched in SQL on the partial indexes; names are matched here because
 * SQLite's LIKE folds only ASCII case and `Siân` must match `SIÂN*`.
 */
export function findItems(db: Db, query: WorklistQuery): WorklistRow[] {
  const where: string[] = [ACTIVE_STATUS_SQL];
  const args: string[] = [];
  const add = (condition: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(condition);
    args.push(value);
  };
  add('accession_number = ?', query.accessionNumber);
  add('patient_id = ?', query.patientId);
  add('modality = ?', query.modality);
  add('scheduled_date >= ?', query.scheduledDate?.from);
  add('scheduled_date <= ?', query.scheduledDate?.to);
  add('scheduled_time >= ?', query.scheduledTime?.from);
  add('scheduled_time <= ?', query.scheduledTime?.to);
  if (query.scheduledStationAeTitle !== undefined) {
    where.push('(scheduled_station_ae_title = ? OR scheduled_station_ae_title IS NULL)');
    args.push(query.scheduledStationAeTitle);
  }
  const rows = prepared(
    db,
    `SELECT ${SELECT_COLUMNS} FROM worklist_items WHERE ${where.join(' AND ')}
       ORDER BY scheduled_date, scheduled_time, accession_number`,
  ).all(...args) as WorklistRow[];
  const name = query.patientName;
  return name === undefined ? rows : rows.filter((row) => personNameMatch(name, row.patientName));
}

/** The reference semantics of `findItems`, row by row; tests check the SQL against it. */
export function matchesQuery(row: WorklistRow, query: WorklistQuery): boolean {
  if (row.status !== 'SCHEDULED' && row.status !== 'IN PROGRESS') return false;
  if (query.accessionNumber !== undefined && row.accessionNumber !== query.accessionNumber) return false;
  if (query.patientId !== undefined && row.patientId !== query.patientId) return false;
  if (query.modality !== undefined && row.modality !== query.modality) return false;
  if (query.scheduledDate && !inRange(row.scheduledDate, query.scheduledDate)) return false;
  if (query.scheduledTime && !inRange(row.scheduledTime, query.scheduledTime)) return false;
  const ae = query.scheduledStationAeTitle;
  if (ae !== undefined && row.scheduledStationAeTitle !== null && row.scheduledStationAeTitle !== ae)
    return false;
  if (query.patientName !== undefined && !personNameMatch(query.patientName, row.patientName)) return false;
  return true;
}

/** One item by accession, any status (for tests, MPPS and support tooling). */
export function getItem(db: Db, accession: string): WorklistRow | undefined {
  return prepared(db, `SELECT ${SELECT_COLUMNS} FROM worklist_items WHERE accession_number = ?`).get(
    accession,
  ) as WorklistRow | undefined;
}
