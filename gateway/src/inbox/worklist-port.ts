import type { Db } from '../db/open';
import type { WorklistItemParameters } from 'modality-link-protocol';

/**
 * What the inbox needs from the worklist store (gateway/src/worklist, owned by the DICOM side). All
 * synchronous on the gateway's own better-sqlite3 handle, so a worklist write and the inbox row that
 * acknowledges it commit in one transaction: there is no window where one exists without the other.
 */
export interface WorklistPort {
  createItem(
    db: Db,
    input: { actionId: string; item: WorklistItemParameters },
  ): { status: 'created' | 'exists' };
  updateStatus(
    db: Db,
    accession: string,
    status: 'IN PROGRESS' | 'COMPLETED' | 'DISCONTINUED',
  ): { status: 'updated' } | { status: 'error'; message: string };
}
