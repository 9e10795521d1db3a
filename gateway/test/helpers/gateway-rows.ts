import type Database from 'better-sqlite3';
import { indexImage } from '#gateway/storage/image-index';
import { createItem, getItem } from '#gateway/worklist/worklist-store';
import { worklistItem } from '../dicom/worklist-fixtures';

/**
 * Real rows of every kind the gateway keeps, written through the same statements the gateway runs where
 * there is one, for tests that upgrade or adopt a database and check nothing was lost.
 */
type Db = Database.Database;

export function addInboxAction(db: Db, actionId: string): void {
  db.prepare(
    `INSERT INTO inbox_actions (action_id, action_type, profile, workstation_id, received_at, reply, destination,
       parameters, delivery_state, attempts, next_attempt_at, updated_at)
     VALUES (?, 'message.deliver', 'modality-link/1', 'ws-1', 1000, '{"status":"accepted"}', 'sink', '{}',
       'pending', 1, 2000, 1000)`,
  ).run(actionId);
}

export function addEvent(db: Db, eventId: string): void {
  db.prepare(
    `INSERT INTO event_outbox (event_id, workstation_id, event, created_at) VALUES (?, 'ws-1', ?, 1000)`,
  ).run(eventId, JSON.stringify({ event_id: eventId, event_type: 'message.delivered' }));
}

export function addWorklistItem(db: Db, accession: string): void {
  createItem(db, { actionId: `create-${accession}`, item: worklistItem({ accession }) });
  if (!getItem(db, accession)) throw new Error(`worklist item ${accession} was not created`);
}

export function addStoredImage(db: Db, sop: string, receivedAt = '2026-12-04T10:00:00.000Z'): void {
  indexImage(
    db,
    {
      sopInstanceUid: sop,
      accession: 'ACC1',
      studyInstanceUid: '1.2',
      seriesInstanceUid: '1.2.1',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      sha256: 'a'.repeat(64),
      path: `ab/cd/${sop}.dcm`,
      size: 10,
      laterality: 'L',
      view: 'CC',
      preview: true,
      callingAe: 'MODALITY1',
    },
    receivedAt,
  );
}

export function addMppsStep(db: Db, sop: string): void {
  db.prepare(
    `INSERT INTO mpps_instances (sop_instance_uid, accession_number, status, calling_ae_title, created_at, updated_at)
     VALUES (?, 'ACC1', 'IN PROGRESS', 'MODALITY1', '2026-12-04T10:00:00Z', '2026-12-04T10:00:00Z')`,
  ).run(sop);
}

export function addImageFollowup(db: Db, sop: string): void {
  db.prepare(`INSERT INTO image_followups VALUES (?, 300, '2026-12-04T10:00:00Z')`).run(sop);
}

/** Every row of a table, in a stable order, for before/after comparisons. */
export function rowsOf(db: Db, table: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
}

/** The schema as SQLite records it, bookkeeping tables left out, in a stable order. */
export function schemaOf(db: Db, leaveOut: readonly string[] = []): unknown[] {
  const rows = db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`)
    .all() as Array<{ tbl_name: string }>;
  return rows.filter((r) => !leaveOut.includes(r.tbl_name));
}
