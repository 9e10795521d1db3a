import type Database from 'better-sqlite3';
import { worklistItemSchema } from 'modality-link-protocol';
import { createItem } from '../worklist/worklist-store';
import { MESSAGE_TYPE } from './delivery-payload';
import { deliveryFailure } from './delivery-faults';
import type { DeliveryRequest, DeliveryResult, Destination, DestinationCheck } from './destination';

/**
 * The local Modality Worklist as a destination. The main path is not this: the core calls `createItem`
 * synchronously inside its inbox transaction for `worklist.create_item`. This adapter covers a worklist
 * item that arrives as `message.deliver` (type WORKLIST, payload `{"worklist_item": …}` as the app
 * builds it) or a create action routed through the delivery worker, with the same idempotency.
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
  if (request.actionType === 'worklist.create_item') return { item: parameters.worklist_item };
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
