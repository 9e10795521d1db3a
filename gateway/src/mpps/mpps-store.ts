import { advanceItem, itemStatus, type MoveOutcome } from '../return-path/item-moves';
import type { ModalityEvents } from '../return-path/modality-events';
import { prepared } from '../worklist/statement-cache';
import { recordMppsInstance } from '../worklist/worklist-store';
import {
  MAY_NO_LONGER_BE_UPDATED,
  MPPS_STATUS,
  type CreateAttributes,
  type PpsStatus,
  type SetAttributes,
} from './mpps-attributes';
import { finalStateProblem } from './mpps-rules';

/**
 * The MPPS state machine (PS3.4 F.7.2) over `mpps_instances`, and its effect on the worklist item.
 * Each call is one transaction: the step row, the item's move and the `procedure.*` event commit
 * together or not at all, so a crash never leaves an item moved without its event (or the reverse).
 *
 * The step and the item are separate machines. The step follows the standard strictly (created once,
 * set only while IN PROGRESS). The item moves only along the worklist's own rules: a step for an item
 * the first image already started, or that staff already finished, is accepted but moves nothing and
 * reports nothing.
 */
export type StepResult =
  { ok: true; item: MoveOutcome } | { ok: false; status: number; comment: string; errorId?: number };

const NO_ITEM = 'No worklist item with this accession number';

export function createStep(
  events: ModalityEvents,
  input: { uid: string; callingAe: string; attributes: CreateAttributes },
): StepResult {
  const db = events.database;
  const { uid, callingAe, attributes } = input;
  let moved = false;
  const result = db.transaction((): StepResult => {
    if (prepared(db, 'SELECT 1 FROM mpps_instances WHERE sop_instance_uid = ?').get(uid))
      return { ok: false, status: MPPS_STATUS.duplicateSopInstance, comment: 'Duplicate SOP instance' };
    const accession = attributes.accession;
    if (itemStatus(db, accession) === undefined)
      return { ok: false, status: MPPS_STATUS.processingFailure, comment: NO_ITEM };
    const now = new Date().toISOString();
    prepared(
      db,
      `INSERT INTO mpps_instances (sop_instance_uid, accession_number, status, calling_ae_title,
         performed_station_ae, step_id, started, created_at, updated_at)
       VALUES (?, ?, 'IN PROGRESS', ?, ?, ?, ?, ?, ?)`,
    ).run(
      uid,
      accession,
      callingAe,
      attributes.performedStationAe,
      attributes.stepId,
      attributes.started,
      now,
      now,
    );
    const item = advanceItem(db, accession, 'IN PROGRESS');
    if (item === 'moved' || item === 'unchanged') recordMppsInstance(db, accession, uid);
    if (item === 'moved') {
      events.add('procedure.in_progress', accession, { source: 'mpps', mpps_instance_uid: uid });
      moved = true;
    }
    return { ok: true, item };
  })();
  if (moved) events.notify();
  return result;
}

export function setStep(
  events: ModalityEvents,
  input: { uid: string; attributes: SetAttributes },
): StepResult {
  const db = events.database;
  const { uid, attributes } = input;
  let moved = false;
  const result = db.transaction((): StepResult => {
    const row = prepared(
      db,
      `SELECT accession_number, status, ended, referenced_images FROM mpps_instances
       WHERE sop_instance_uid = ?`,
    ).get(uid) as
      | { accession_number: string; status: PpsStatus; ended: string | null; referenced_images: number }
      | undefined;
    if (!row)
      return { ok: false, status: MPPS_STATUS.noSuchObjectInstance, comment: 'No such MPPS instance' };
    if (row.status !== 'IN PROGRESS') {
      return {
        ok: false,
        status: MPPS_STATUS.processingFailure,
        comment: MAY_NO_LONGER_BE_UPDATED.comment,
        errorId: MAY_NO_LONGER_BE_UPDATED.errorId,
      };
    }
    if (attributes.status === 'COMPLETED' || attributes.status === 'DISCONTINUED') {
      // Refused whole: the step stays IN PROGRESS, so the modality can send a complete N-SET.
      const problem = finalStateProblem(attributes.final, {
        ended: row.ended !== null,
        hadImages: row.referenced_images > 0,
      });
      if (problem) return { ok: false, ...problem };
    }
    prepared(
      db,
      `UPDATE mpps_instances SET status = ?, ended = COALESCE(?, ended),
         discontinuation_reason = COALESCE(?, discontinuation_reason),
         referenced_images = COALESCE(?, referenced_images), updated_at = ?
       WHERE sop_instance_uid = ? AND status = 'IN PROGRESS'`,
    ).run(
      attributes.status ?? 'IN PROGRESS',
      attributes.ended,
      attributes.reason ?? null,
      attributes.referencedImages ?? null,
      new Date().toISOString(),
      uid,
    );
    const final = attributes.status === 'COMPLETED' || attributes.status === 'DISCONTINUED';
    if (!final) return { ok: true, item: 'unchanged' };
    const status = attributes.status as 'COMPLETED' | 'DISCONTINUED';
    const item = advanceItem(db, row.accession_number, status);
    if (item === 'moved') {
      const type = status === 'COMPLETED' ? 'procedure.completed' : 'procedure.discontinued';
      events.add(type, row.accession_number, {
        source: 'mpps',
        mpps_instance_uid: uid,
        ...(status === 'DISCONTINUED' && attributes.reason ? { reason: attributes.reason } : {}),
      });
      moved = true;
    }
    return { ok: true, item };
  })();
  if (moved) events.notify();
  return result;
}
