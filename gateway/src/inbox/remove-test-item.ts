import type { Db } from '../db/open';

export type RemoveTestItemResult =
  { status: 'removed' } | { status: 'error'; code: 'not_found' | 'not_a_test_item'; message: string };

/**
 * `worklist.remove_test_item`: takes a rehearsal's test item off the worklist, so real queries never
 * see it again. Only an item created by `worklist.create_test_item` can go: the item's creating action
 * is looked up in the inbox, and anything else (a real participant's item, or a test item whose inbox
 * row retention has already pruned) is refused and left where it is. Runs inside the applier's
 * transaction, so the removal and the inbox row that acknowledges it commit together.
 */
export function removeTestItem(db: Db, accession: string): RemoveTestItemResult {
  const row = db
    .prepare(
      `SELECT i.action_type AS actionType
         FROM worklist_items w LEFT JOIN inbox_actions i ON i.action_id = w.source_message_id
        WHERE w.accession_number = ?`,
    )
    .get(accession) as { actionType: string | null } | undefined;
  if (!row) return { status: 'error', code: 'not_found', message: `Worklist item '${accession}' not found` };
  if (row.actionType !== 'worklist.create_test_item')
    return {
      status: 'error',
      code: 'not_a_test_item',
      message: `Worklist item '${accession}' is not a test item; only test items can be removed`,
    };
  db.prepare('DELETE FROM worklist_items WHERE accession_number = ?').run(accession);
  return { status: 'removed' };
}
