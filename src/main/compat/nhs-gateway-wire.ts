import { replySchema } from 'modality-link-protocol';
import { envelopeOf } from '../outbox/envelope';
import { DeliveryFailure } from '../relay/delivery-failure';
import { oneShotWire } from './one-shot-channel';

/**
 * `nhs-gateway/1`, the production NHS gateway's contract (ADR 0018): the core's action envelope,
 * unsigned, one per connection, answered by one reply in the production vocabulary.
 */
export const nhsGatewayWire = oneShotWire({
  profile: 'nhs-gateway/1',
  frame: (action) => JSON.stringify(envelopeOf(action)),
  readReply: (json) => {
    const reply = replySchema.safeParse(json);
    return reply.success
      ? reply.data
      : new DeliveryFailure('rejected', `The gateway's reply is not one the production protocol defines.`);
  },
});
