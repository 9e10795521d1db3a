import type Database from 'better-sqlite3';
import { worklistItemSchema } from 'modality-link-protocol';
import { deliveryFailure } from '../../destinations/delivery-faults';
import { MESSAGE_TYPE } from '../../destinations/delivery-payload';
import type {
  DeliveryRequest,
  DeliveryResult,
  Destination,
  DestinationCheck,
} from '../../destinations/destination';
import { createItem } from '../../worklist/worklist-store';

/**
 * The local Modality Worklist as a destination, for poc-five's worklist path. The core's path is not
 * this: it calls `createItem` inside its inbox transaction for `worklist.create_item`, which is what the
 * app sends for a WORKLIST message under modality-link/1 and nhs-gateway/1. A WORKLIST item arrives as
 * `message.deliver` (type WORKLIST, payload the text `{"worklist_item": …}`) only from a poc-five
 * sender, whose one message shape carries every type; this adapter creates it with the same idempotency.
 * It is compatibility, reached through the `worklist` destination type (ADR 0031).
 */
export class WorklistDestination implements Destination {
  readonly kind = 'worklist' as const;

  constructor(
    readonly name: string,
    private readonly db: Database.Database,
  ) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const candidate = itemFrom(request);
    if ('error' in candidate) return deliveryFailure('payload_invalid', candidate.error);
    const parsed = worklistItemSchema.safeParse(candidate.item);
    if (!parsed.success) {
      // Paths and rules only; zod messages here never include the offending value.
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'worklist_item'}: ${i.message}`);
      return deliveryFailure('payload_invalid', `invalid worklist item (${where.slice(0, 3).join('; ')})`);
    }
    try {
      const result = createItem(this.db, { actionId: request.actionId, item: parsed.data });
      return { outcome: 'delivered', message: `worklist item ${result.status}` };
    } catch (error) {
      return deliveryFailure('database', `worklist database error: ${(error as Error).name}`);
    }
  }

  async check(): Promise<DestinationCheck> {
    try {
      const row = this.db.prepare('SELECT count(*) AS n FROM worklist_items').get() as { n: number };
      return { ok: true, message: `worklist holds ${row.n} items` };
    } catch (error) {
      return { ok: false, message: `worklist database error: ${(error as Error).name}` };
    }
  }

  async close(): Promise<void> {}
}

function itemFrom(request: DeliveryRequest): { item: unknown } | { error: string } {
  const { parameters } = request;
  // Only message.deliver rows ever reach a destination (the inbox stores a delivery for nothing else).
  if (request.actionType !== 'message.deliver')
    return { error: `worklist cannot take ${request.actionType}` };
  if (parameters.type !== MESSAGE_TYPE.worklist)
    return { error: `worklist cannot take ${String(parameters.type)} messages` };
  if (typeof parameters.payload !== 'string') return { error: 'message.deliver without a payload' };
  try {
    const body = JSON.parse(parameters.payload) as { worklist_item?: unknown };
    return { item: body?.worklist_item ?? body };
  } catch {
    return { error: 'payload is not JSON' };
  }
}
