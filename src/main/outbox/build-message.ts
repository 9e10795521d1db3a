import type { ActionType, MessageType } from '#shared/domain/message';
import {
  buildFhirServiceRequest,
  buildHl7OrmO01,
  buildWorklistCreateItem,
  type OrderContext,
} from './builders';

export interface BuiltMessage {
  actionType: ActionType;
  payload: string;
}

/**
 * One builder per message type. A `Record` over every `MessageType` makes adding a type without a
 * builder a compile error rather than a message that silently never goes out.
 */
const builders: Record<MessageType, (ctx: OrderContext) => BuiltMessage> = {
  WORKLIST: (ctx) => ({
    actionType: 'worklist.create_item',
    payload: JSON.stringify({ worklist_item: buildWorklistCreateItem(ctx) }),
  }),
  FHIR: (ctx) => ({ actionType: 'message.deliver', payload: JSON.stringify(buildFhirServiceRequest(ctx)) }),
  HL7v2: (ctx) => ({
    actionType: 'message.deliver',
    payload: buildHl7OrmO01(ctx, {
      sendingApplication: 'MODALITY-LINK',
      sendingFacility: ctx.provider.odsCode,
      receivingApplication: 'RIS',
      receivingFacility: ctx.provider.odsCode,
      // HL7 MSH-10 is at most 20 characters: the message id without dashes, truncated, stays unique enough per sender.
      controlId: ctx.messageId.replace(/-/g, '').slice(0, 20),
    }),
  }),
};

export function buildMessage(type: MessageType, ctx: OrderContext): BuiltMessage {
  return builders[type](ctx);
}
