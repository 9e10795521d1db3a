import { z } from 'zod';

/** `poc-five`: the seed proof of concept's envelope, one message per connection, unsigned. */
export const pocFiveMessageSchema = z.looseObject({
  message_id: z.string().min(1).max(64),
  type: z.string().min(1).max(32),
  payload: z.unknown(),
  destination: z.string().min(1).max(64),
});
export type PocFiveMessage = z.infer<typeof pocFiveMessageSchema>;

export const pocFiveReplySchema = z.looseObject({
  status: z.literal('processed'),
  message_id: z.string(),
});
export type PocFiveReply = z.infer<typeof pocFiveReplySchema>;
