import type { WorklistStatus } from 'modality-link-protocol';
import type { Db } from '../db/open';
import { prepared } from '../worklist/statement-cache';
import { updateStatus } from '../worklist/worklist-store';

export type MoveOutcome =
  /** The item changed state: report it. */
  | 'moved'
  /** Already there (e.g. MPPS N-CREATE after the first image started the step): nothing to report. */
  | 'unchanged'
  /** The state machine does not allow it (e.g. a finished item): the item stays as it is. */
  | 'refused'
  | 'missing';

/** The status of the worklist item with this accession, if there is one. */
export function itemStatus(db: Db, accession: string): WorklistStatus | undefined {
  const row = prepared(db, 'SELECT status FROM worklist_items WHERE accession_number = ?').get(accession) as
    { status: WorklistStatus } | undefined;
  return row?.status;
}

/**
 * Moves a worklist item through the store's conditional `updateStatus` (inside the caller's transaction)
 * and says whether it really moved, so an event is emitted once per real change.
 */
export function advanceItem(
  db: Db,
  accession: string,
  to: Exclude<WorklistStatus, 'SCHEDULED'>,
): MoveOutcome {
  const before = itemStatus(db, accession);
  if (before === undefined) return 'missing';
  if (before === to) return 'unchanged';
  return updateStatus(db, accession, to).status === 'updated' ? 'moved' : 'refused';
}
