import { pocFiveReplySchema, replySchema, type PocFiveMessage } from 'modality-link-protocol';
import { DeliveryFailure } from '../relay/delivery-failure';
import { oneShotWire } from './one-shot-channel';

/**
 * `poc-five`, the seed prototype's listener: one `{message_id, type, payload, destination}` per
 * connection, the payload as the stored text (JSON included, issue 13), confirmed by
 * `{status: "processed", message_id}`. It carries outbox messages only: the listener has no echo,
 * health check or rehearsal (`profileCapabilities`), so an action made on the spot is refused unsent.
 */
export const pocFiveWire = oneShotWire({
  profile: 'poc-five',
  frame: (action) => {
    if (!('row' in action))
      throw new DeliveryFailure(
        'rejected',
        `The proof-of-concept listener (poc-five) takes outbox messages only, not the action "${action.envelope.action_type}".`,
        false,
      );
    const { row } = action;
    const message: PocFiveMessage = {
      message_id: row.id,
      type: row.type,
      payload: row.payload,
      destination: row.destination,
    };
    return JSON.stringify(message);
  },
  readReply: (json, messageId) => {
    const poc = pocFiveReplySchema.safeParse(json);
    if (poc.success && poc.data.message_id === messageId) return { status: 'accepted', action_id: messageId };
    const error = replySchema.safeParse(json);
    if (error.success && error.data.status === 'error') return error.data;
    return new DeliveryFailure(
      'rejected',
      `The gateway's reply is not a processed confirmation for this message.`,
    );
  },
});
