import { z } from 'zod';
import { actionEnvelopeSchema, replySchema } from './actions';
import { gatewayEventSchema } from './events';
import { randomBytes, toBase64 } from './platform';

/**
 * `modality-link/1`: one long-lived websocket per workstation and gateway, through the relay. Every
 * frame is a JSON text frame with a `kind`. Frames that carry actions or events are signed (Ed25519
 * over the canonical JSON without `sig`) and timestamped; replies and acks answer frames whose
 * signature was already checked, and ride on a relay connection only the two ends hold.
 *
 * A session opens with challenge → hello → hello_ok: the gateway's random challenge, signed back in the
 * workstation's hello, makes every handshake good for its own connection only.
 *
 * Batching is part of the protocol: a frame carries one or more actions (or events) under one
 * signature, so a burst costs one signature check and one durable commit per frame, not per message.
 */
export const PROTOCOL_NAME = 'modality-link';
export const PROTOCOL_VERSIONS = [1] as const;
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const MAX_ACTIONS_PER_FRAME = 256;
/** Signed frames older or newer than this are refused, which bounds replay and catches bad clocks. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const id = z.string().min(1).max(64);
const timestamp = z.iso.datetime({ offset: true });
const keyId = z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters');
const sig = z.string().min(1).max(200);
/** base64url of 32 random bytes; the schema allows a little room either way. */
const challenge = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'base64url, 22-128 characters');

/**
 * The gateway's first frame on every modality-link/1 connection: a fresh random challenge, which the
 * workstation signs inside its hello. A hello copied from another connection carries another challenge,
 * so a replay is refused (`replayed_hello`) however recent its timestamp (ADR 0012).
 */
export const challengeFrameSchema = z.looseObject({
  kind: z.literal('challenge'),
  challenge,
});

/** A fresh challenge: 32 random bytes, base64url (43 characters). */
export function newChallenge(): string {
  return toBase64(randomBytes(32)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const helloFrameSchema = z.looseObject({
  kind: z.literal('hello'),
  protocol: z.literal(PROTOCOL_NAME),
  versions: z.array(z.number().int().positive()).min(1).max(16),
  workstation_id: id,
  nonce: z.string().min(8).max(64),
  /**
   * The challenge this connection's gateway sent. Optional in the schema only so that a hello without
   * one is refused by name (`challenge_required`) rather than as a shapeless frame.
   */
  challenge: challenge.optional(),
  timestamp,
  key_id: keyId,
  sig,
});

export const helloOkFrameSchema = z.looseObject({
  kind: z.literal('hello_ok'),
  version: z.number().int().positive(),
  gateway_id: id,
  /** The workstation's nonce, signed back: proves this gateway holds its key right now. */
  nonce: z.string(),
  /** How many unacknowledged actions the gateway accepts in flight. */
  window: z.number().int().min(1).max(100_000),
  timestamp,
  key_id: keyId,
  sig,
});

export const actionsFrameSchema = z.looseObject({
  kind: z.literal('actions'),
  frame_id: id,
  timestamp,
  actions: z.array(actionEnvelopeSchema).min(1).max(MAX_ACTIONS_PER_FRAME),
  key_id: keyId,
  sig,
});

export const repliesFrameSchema = z.looseObject({
  kind: z.literal('replies'),
  replies: z.array(z.looseObject({ action_id: id, reply: replySchema })).min(1),
});

export const eventsFrameSchema = z.looseObject({
  kind: z.literal('events'),
  frame_id: id,
  timestamp,
  events: z.array(gatewayEventSchema).min(1).max(MAX_ACTIONS_PER_FRAME),
  key_id: keyId,
  sig,
});

export const eventAcksFrameSchema = z.looseObject({
  kind: z.literal('event_acks'),
  event_ids: z.array(id).min(1),
});

export const ERROR_CODES = [
  'bad_frame',
  'frame_too_large',
  'unsupported_version',
  'unknown_key',
  'bad_signature',
  'stale',
  'challenge_required',
  'replayed_hello',
  'not_ready',
  'internal',
] as const;
export type ProtocolErrorCode = (typeof ERROR_CODES)[number];

export const errorFrameSchema = z.looseObject({
  kind: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** The frame or action the error is about, when known. */
  ref: z.string().optional(),
});

export const sessionFrameSchema = z.discriminatedUnion('kind', [
  challengeFrameSchema,
  helloFrameSchema,
  helloOkFrameSchema,
  actionsFrameSchema,
  repliesFrameSchema,
  eventsFrameSchema,
  eventAcksFrameSchema,
  errorFrameSchema,
]);
export type SessionFrame = z.infer<typeof sessionFrameSchema>;
export type ChallengeFrame = z.infer<typeof challengeFrameSchema>;
export type HelloFrame = z.infer<typeof helloFrameSchema>;
export type HelloOkFrame = z.infer<typeof helloOkFrameSchema>;
export type ActionsFrame = z.infer<typeof actionsFrameSchema>;
export type RepliesFrame = z.infer<typeof repliesFrameSchema>;
export type EventsFrame = z.infer<typeof eventsFrameSchema>;
export type EventAcksFrame = z.infer<typeof eventAcksFrameSchema>;
export type ErrorFrame = z.infer<typeof errorFrameSchema>;

export const SIGNED_KINDS = new Set<SessionFrame['kind']>(['hello', 'hello_ok', 'actions', 'events']);
