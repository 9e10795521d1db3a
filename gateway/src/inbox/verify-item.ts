import { actionParameterSchemas, type ActionEnvelope, type Reply } from 'modality-link-protocol';
import type { Db } from '../db/open';
import { localDateTime } from '../modality-sim/dicom-values';
import { queryWorklist } from '../modality-sim/worklist-query';

/** The calling AE title of the gateway's own check; an SCP that admits only listed modalities must list it. */
export const REHEARSAL_CALLING_AE = 'ML_REHEARSAL';

export interface ItemVerifierOptions {
  db: Db;
  /** The MWL SCP's port; undefined when the worklist is switched off. */
  port: () => number | undefined;
  /** The MWL SCP's AE title (`worklist.ae_title`). */
  calledAe: string;
  timeZone: string;
  timeoutMs?: number;
}

/**
 * `worklist.verify_item`: a real Modality Worklist C-FIND from the gateway to its own MWL SCP on
 * loopback, for one accession number, as a modality would ask it (any station, the item's own day and
 * modality). Proves the item is not just stored but served. Changes nothing, so like health it never
 * goes through the inbox. Replies `verified` with `found` and the query's time in ms, or an error
 * naming why the query could not be made.
 */
export function createItemVerifier(options: ItemVerifierOptions): (action: ActionEnvelope) => Promise<Reply> {
  return async (action) => {
    const fail = (code: string, message: string, retryable: boolean): Reply => ({
      status: 'error',
      action_id: action.action_id,
      code,
      message,
      retryable,
    });
    const params = actionParameterSchemas['worklist.verify_item'].safeParse(action.parameters);
    if (!params.success)
      return fail(
        'invalid_parameters',
        'Invalid parameters for worklist.verify_item: worklist_item.accession_number',
        false,
      );
    const accession = params.data.worklist_item.accession_number;
    const port = options.port();
    if (port === undefined)
      return fail('worklist_disabled', 'This gateway’s worklist (MWL SCP) is switched off.', false);
    const stored = options.db
      .prepare('SELECT scheduled_date AS date FROM worklist_items WHERE accession_number = ?')
      .get(accession) as { date: string } | undefined;
    const started = performance.now();
    try {
      const items = await queryWorklist({
        host: '127.0.0.1',
        mwlPort: port,
        mwlAe: options.calledAe,
        ae: REHEARSAL_CALLING_AE,
        anyStation: true,
        accession,
        date: stored?.date ?? localDateTime(new Date(), options.timeZone).date,
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      return {
        status: 'verified',
        action_id: action.action_id,
        accession_number: accession,
        found: items.some((item) => item.accessionNumber === accession),
        query_ms: Math.round(performance.now() - started),
      };
    } catch (error) {
      return fail(
        'worklist_query_failed',
        `The gateway’s own worklist query failed: ${(error as Error).message}`,
        true,
      );
    }
  };
}
