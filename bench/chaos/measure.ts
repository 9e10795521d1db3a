import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findscu } from '../../gateway/test/dicom/dcmtk';

/**
 * The figures of a chaos run, read from what is left: a DCMTK `findscu` query of the worklist while the
 * gateway still runs, then (every process stopped) both SQLite files and the gateway's drop folders
 * directly. Nothing here trusts what a process said about itself.
 */
export interface Measurements {
  appointmentsSent: number;
  messages: number;
  byStatus: Record<string, number>;
  confirmed: number;
  failed: number;
  lost: { total: number; acceptedNotStored: number; confirmedNotInInbox: number; droppedFileMissing: number };
  duplicates: {
    total: number;
    appMessagesPerAppointmentAndType: number;
    worklistRowsPerAccession: number;
    findscuResponsesPerAccession: number;
    inboxRowsPerActionId: number;
    fileDropsPerActionId: number;
  };
  gatewayDeliveries: Record<string, number>;
  /** Dot-prefixed temporary files left in the drop folders (a crash mid-write). */
  leftoverTempFiles: number;
  worklistFound: number;
  worklistMissing: number;
  /** Why each missing one is missing: its worklist message not confirmed; confirmed, but no row in the
   * gateway's worklist table; a row there, but not returned by findscu. */
  worklistMissingWhy: { notConfirmed: number; confirmedNoRow: number; rowNotFound: number };
  integrity: { app: string; gateway: string };
}

/** Accessions the modality sees: every active worklist item, no matching keys but the one returned. */
export async function queryWorklist(peer: { port: number; aeTitle: string }): Promise<string[]> {
  const result = await findscu({ port: peer.port, calledAe: peer.aeTitle, callingAe: 'ALPHA_MG1' }, [
    'AccessionNumber',
  ]);
  if (result.code !== 0) throw new Error(`findscu failed (${result.code}):\n${result.output.slice(-2000)}`);
  return result.responses.map((r) => String(r.AccessionNumber ?? ''));
}

/** How many more than one of each key there are: 0 when every key occurs once. */
const extras = (keys: Iterable<string>) => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
};

function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

export function measure(options: {
  appDb: string;
  gatewayDb: string;
  dropDirs: string[];
  clinicId: string;
  acceptedMessageIds: string[];
  worklistAccessions: string[];
}): Measurements {
  const app = openReadOnly(options.appDb);
  const gateway = openReadOnly(options.gatewayDb);
  try {
    const ours = `LIKE '${options.clinicId.replace(/'/g, "''")}-appt-%'`;
    const messages = app
      .prepare(
        `SELECT id, appointment_id AS appointmentId, type, status FROM messages WHERE appointment_id ${ours}`,
      )
      .all() as Array<{ id: string; appointmentId: string; type: string; status: string }>;
    const sent = app
      .prepare(
        `SELECT a.accession_number AS accession,
                EXISTS (SELECT 1 FROM messages m WHERE m.appointment_id = a.id AND m.type = 'WORKLIST'
                        AND m.status = 'confirmed') AS confirmed
           FROM appointments a WHERE a.id ${ours} AND a.accession_number IS NOT NULL`,
      )
      .all() as Array<{ accession: string; confirmed: number }>;
    const sentAccessions = sent.map((r) => r.accession);
    const byStatus: Record<string, number> = {};
    for (const m of messages) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
    const stored = new Set(messages.map((m) => m.id));

    const inbox = gateway
      .prepare(`SELECT action_id AS id, destination, delivery_state AS state FROM inbox_actions`)
      .all() as Array<{ id: string; destination: string | null; state: string | null }>;
    const inboxIds = new Set(inbox.map((r) => r.id));
    const gatewayDeliveries: Record<string, number> = {};
    for (const r of inbox.filter((r) => r.state !== null))
      gatewayDeliveries[r.state!] = (gatewayDeliveries[r.state!] ?? 0) + 1;
    const worklistAccessions = (
      gateway.prepare(`SELECT accession_number AS a FROM worklist_items`).all() as Array<{ a: string }>
    ).map((r) => r.a);

    const files = options.dropDirs.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []));
    const drops = files.filter((f) => !f.startsWith('.'));
    const dropIds = drops.map((f) => path.parse(f).name);
    const dropped = new Set(dropIds);
    const fileDestinations = new Set(['trust-fhir', 'tie-hl7']);
    const droppedFileMissing = inbox.filter(
      (r) => r.state === 'delivered' && fileDestinations.has(r.destination ?? '') && !dropped.has(r.id),
    ).length;

    const lost = {
      acceptedNotStored: options.acceptedMessageIds.filter((id) => !stored.has(id)).length,
      confirmedNotInInbox: messages.filter((m) => m.status === 'confirmed' && !inboxIds.has(m.id)).length,
      droppedFileMissing,
    };
    const duplicates = {
      appMessagesPerAppointmentAndType: extras(messages.map((m) => `${m.appointmentId}|${m.type}`)),
      worklistRowsPerAccession: extras(worklistAccessions),
      findscuResponsesPerAccession: extras(options.worklistAccessions),
      inboxRowsPerActionId: extras(inbox.map((r) => r.id)),
      fileDropsPerActionId: extras(dropIds),
    };
    const found = new Set(options.worklistAccessions);
    const inTable = new Set(worklistAccessions);
    const missing = sent.filter((r) => !found.has(r.accession));
    return {
      appointmentsSent: sentAccessions.length,
      messages: messages.length,
      byStatus,
      confirmed: byStatus.confirmed ?? 0,
      // Given up on, either way: refused for good or expired.
      failed: (byStatus.failed ?? 0) + (byStatus.expired ?? 0),
      lost: { total: Object.values(lost).reduce((a, b) => a + b, 0), ...lost },
      duplicates: { total: Object.values(duplicates).reduce((a, b) => a + b, 0), ...duplicates },
      gatewayDeliveries,
      leftoverTempFiles: files.length - drops.length,
      worklistFound: sentAccessions.filter((a) => found.has(a)).length,
      worklistMissing: missing.length,
      worklistMissingWhy: {
        notConfirmed: missing.filter((r) => !r.confirmed).length,
        confirmedNoRow: missing.filter((r) => r.confirmed && !inTable.has(r.accession)).length,
        rowNotFound: missing.filter((r) => r.confirmed && inTable.has(r.accession)).length,
      },
      integrity: { app: integrity(app), gateway: integrity(gateway) },
    };
  } finally {
    app.close();
    gateway.close();
  }
}

function integrity(db: Database.Database): string {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}
