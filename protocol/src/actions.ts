import { z } from 'zod';
import { accessionNumberSchema, worklistItemSchema } from './worklist-item';

/**
 * Actions (app → gateway) in the production gateway's envelope, so a production-style sender and our
 * app drive the same gateway. Unknown fields are kept (z.looseObject) because they are covered by the
 * signature and a newer peer may add them; an unknown `schema_version` is refused.
 */
export const SCHEMA_VERSION = 1;
export const SOURCE_SYSTEM = 'modality-link';

export const ACTION_TYPES = [
  'worklist.create_item',
  'worklist.create_test_item',
  'worklist.update_status',
  'message.deliver',
  'echo',
  'health',
  // Pre-clinic rehearsal (ADR 0025): the gateway's own C-FIND for an item, and removing a test item.
  'worklist.verify_item',
  'worklist.remove_test_item',
] as const;
export type WireActionType = (typeof ACTION_TYPES)[number];

const id = z.string().min(1).max(64);

/** The statuses `worklist.update_status` may move an item to. */
export const WORKLIST_MOVES = ['IN PROGRESS', 'COMPLETED', 'DISCONTINUED'] as const;

export const actionEnvelopeSchema = z.looseObject({
  schema_version: z.literal(SCHEMA_VERSION),
  action_id: id,
  action_type: z.enum(ACTION_TYPES),
  timestamp: z.iso.datetime({ offset: true }),
  source_system: z.string().min(1).max(64),
  source_reference: z
    .looseObject({ appointment_id: id.optional(), participant_id: id.optional() })
    .optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type ActionEnvelope = z.infer<typeof actionEnvelopeSchema>;

/** Parameters per action type; the gateway checks them after the envelope. */
export const actionParameterSchemas = {
  'worklist.create_item': z.looseObject({
    worklist_item: worklistItemSchema,
    destination: z.string().min(1).max(64).optional(),
  }),
  'worklist.create_test_item': z.looseObject({ worklist_item: worklistItemSchema.partial().optional() }),
  'worklist.update_status': z.looseObject({
    worklist_item: z.looseObject({
      accession_number: accessionNumberSchema,
      status: z.enum(WORKLIST_MOVES),
    }),
  }),
  /** The seed's `{type, payload, destination}`: an opaque payload for a named destination. */
  'message.deliver': z.looseObject({
    type: z.string().min(1).max(32),
    payload: z.string().max(1024 * 1024),
    destination: z.string().min(1).max(64),
    accession_number: accessionNumberSchema.optional(),
  }),
  echo: z.looseObject({ payload: z.unknown().optional() }),
  health: z.looseObject({}),
  'worklist.verify_item': z.looseObject({
    worklist_item: z.looseObject({ accession_number: accessionNumberSchema }),
  }),
  'worklist.remove_test_item': z.looseObject({
    worklist_item: z.looseObject({ accession_number: accessionNumberSchema }),
  }),
} satisfies Record<WireActionType, z.ZodType>;

export type ActionParameters<T extends WireActionType> = z.infer<(typeof actionParameterSchemas)[T]>;

/** The production gateway's replies, one per action. */
export const replySchema = z.discriminatedUnion('status', [
  z.looseObject({ status: z.literal('created'), action_id: id }),
  z.looseObject({ status: z.literal('exists'), action_id: id }),
  z.looseObject({ status: z.literal('updated'), accession_number: z.string(), action_id: id.optional() }),
  /** Stored durably for a destination other than the worklist; the outcome follows as an event. */
  z.looseObject({ status: z.literal('accepted'), action_id: id }),
  z.looseObject({ status: z.literal('echo'), payload: z.unknown() }),
  /** `worklist.verify_item`: whether the gateway's own C-FIND on its worklist found the item, and how fast. */
  z.looseObject({
    status: z.literal('verified'),
    action_id: id,
    accession_number: z.string(),
    found: z.boolean(),
    query_ms: z.number().nonnegative(),
  }),
  /** `worklist.remove_test_item`: the test item is off the worklist. */
  z.looseObject({ status: z.literal('removed'), action_id: id, accession_number: z.string() }),
  z.looseObject({
    status: z.literal('ok'),
    action_id: id.optional(),
    health: z.record(z.string(), z.unknown()),
  }),
  z.looseObject({
    status: z.literal('error'),
    message: z.string(),
    action_id: id.optional(),
    /** Machine-readable reason, e.g. `bad_signature`, `not_allowed`, `invalid_parameters`. */
    code: z.string().optional(),
    /** False when sending the same action again cannot succeed (bad data, destination not allowed). */
    retryable: z.boolean().optional(),
  }),
]);
export type Reply = z.infer<typeof replySchema>;

/** Replies that mean the gateway has durably taken responsibility for the action. */
export function isAcceptance(reply: Reply): boolean {
  return reply.status !== 'error';
}
