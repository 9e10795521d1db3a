import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { GatewayEvent } from 'modality-link-protocol';
import { capturingLogger } from '../../../test-support/capturing-logger';
import { openGatewayDb, type Db } from '#gateway/db/open';
import { EventOutbox } from '#gateway/inbox/event-outbox';
import { InboxStore } from '#gateway/inbox/inbox-store';
import { ModalityEvents } from '#gateway/return-path/modality-events';
import { createItem, getItem } from '#gateway/worklist/worklist-store';
import { worklistItem } from './worklist-fixtures';

/**
 * The gateway's database as `startGateway` opens it (inbox, outbox, worklist, return path) in a temp
 * folder, with the event sink the SCPs write to, and helpers to make items "sent by" a workstation.
 */
export interface ReturnPathDb {
  dir: string;
  db: Db;
  outbox: EventOutbox;
  events: ModalityEvents;
  log: Logger;
  logLines: string[];
  notified: () => number;
  /** A worklist item created by action `create-<accession>`, sent by `workstationId` when given. */
  addItem(accession: string, workstationId?: string): void;
  status(accession: string): string | undefined;
  /** Every event in the outbox, oldest first, with the workstation it is aimed at. */
  outboxEvents(): Array<{ workstationId: string | null; event: GatewayEvent }>;
  close(): void;
}

export function openReturnPathDb(): ReturnPathDb {
  const dir = mkdtempSync(join(tmpdir(), 'ml-return-path-'));
  const db = openGatewayDb(join(dir, 'data'));
  const outbox = new EventOutbox(db);
  const inbox = new InboxStore(db);
  const events = new ModalityEvents(db, outbox);
  let notifications = 0;
  events.onEvents(() => (notifications += 1));
  const { log, lines: logLines } = capturingLogger('debug');
  return {
    dir,
    db,
    outbox,
    events,
    log,
    logLines,
    notified: () => notifications,
    addItem(accession, workstationId) {
      const actionId = `create-${accession}`;
      db.transaction(() => {
        createItem(db, { actionId, item: worklistItem({ accession }) });
        inbox.insert({
          actionId,
          actionType: 'worklist.create_item',
          profile: workstationId ? 'modality-link/1' : 'nhs-gateway/1',
          workstationId,
          reply: { status: 'created', action_id: actionId },
        });
      })();
    },
    status: (accession) => getItem(db, accession)?.status,
    outboxEvents: () =>
      (
        db.prepare('SELECT workstation_id, event FROM event_outbox ORDER BY seq').all() as Array<{
          workstation_id: string | null;
          event: string;
        }>
      ).map((r) => ({ workstationId: r.workstation_id, event: JSON.parse(r.event) as GatewayEvent })),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
