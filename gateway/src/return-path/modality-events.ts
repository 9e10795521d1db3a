import { createHash, randomUUID } from 'node:crypto';
import {
  gatewayEventSchema,
  imageFailedDataSchema,
  imageReceivedDataSchema,
  procedureDataSchema,
  type GatewayEvent,
  type ImageFailedData,
  type ImageReceivedData,
  type ProcedureData,
} from 'modality-link-protocol';
import type { Db } from '../db/open';
import type { EventOutbox } from '../inbox/event-outbox';

type DataFor = {
  'procedure.in_progress': ProcedureData;
  'procedure.completed': ProcedureData;
  'procedure.discontinued': ProcedureData;
  'study.image_received': ImageReceivedData;
  'study.image_failed': ImageFailedData;
};
export type ModalityEventType = keyof DataFor;

const DATA_SCHEMAS = {
  'procedure.in_progress': procedureDataSchema,
  'procedure.completed': procedureDataSchema,
  'procedure.discontinued': procedureDataSchema,
  'study.image_received': imageReceivedDataSchema,
  'study.image_failed': imageFailedDataSchema,
} as const;

/** Where an event about a worklist item goes: the workstation whose session sent the item's create action. */
interface Route {
  actionId: string | undefined;
  workstationId: string | undefined;
}

/**
 * Events from the modality side (MPPS, C-STORE) into the durable event outbox. `add` runs inside the
 * caller's transaction, so the event commits with the state change it reports or not at all; `notify`
 * (after the commit) pushes it to open sessions at once.
 *
 * Routing: an event about a worklist item carries the item's create action id (its source message id)
 * and is aimed at the workstation that sent that action, found through the inbox row. Items created
 * over nhs-gateway/1 or poc-five (no workstation), items whose inbox row was pruned, and images for an
 * unknown accession give an untargeted event, which every session may receive and the first ack settles.
 */
export class ModalityEvents {
  private readonly routeStmt;
  private listener: () => void = () => undefined;

  constructor(
    private readonly db: Db,
    private readonly outbox: EventOutbox,
  ) {
    this.routeStmt = db.prepare(
      `SELECT w.source_message_id AS actionId, i.workstation_id AS workstationId
         FROM worklist_items w LEFT JOIN inbox_actions i ON i.action_id = w.source_message_id
        WHERE w.accession_number = ?`,
    );
  }

  get database(): Db {
    return this.db;
  }

  /** Called after each commit that added events (the gateway wires it to the session registry). */
  onEvents(listener: () => void): void {
    this.listener = listener;
  }

  /**
   * Queues one event; call inside the transaction that makes the change. `dedupKey` gives a stable event
   * id, so the same fact reported twice (a modality retrying a refused image) is queued once.
   */
  add<T extends ModalityEventType>(
    type: T,
    accession: string | undefined,
    data: DataFor[T],
    dedupKey?: string,
  ): GatewayEvent {
    const route = this.route(accession);
    const parsedData = DATA_SCHEMAS[type].parse(data) as Record<string, unknown>;
    const event = gatewayEventSchema.parse({
      event_id: dedupKey ? stableId(type, dedupKey) : randomUUID(),
      event_type: type,
      timestamp: new Date().toISOString(),
      ...(route.actionId ? { action_id: route.actionId } : {}),
      ...(accession && accession.length <= 16 ? { accession_number: accession } : {}),
      data: parsedData,
    });
    this.outbox.add(event, route.workstationId);
    return event;
  }

  /** After the commit: lets open sessions push what was just queued. */
  notify(): void {
    setImmediate(() => this.listener());
  }

  private route(accession: string | undefined): Route {
    if (!accession) return { actionId: undefined, workstationId: undefined };
    const row = this.routeStmt.get(accession) as
      { actionId: string | null; workstationId: string | null } | undefined;
    return { actionId: row?.actionId ?? undefined, workstationId: row?.workstationId ?? undefined };
  }
}

function stableId(type: string, key: string): string {
  return `${type.split('.')[1]}-${createHash('sha256').update(`${type}\n${key}`).digest('hex').slice(0, 40)}`;
}
