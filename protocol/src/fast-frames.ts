import { ACTION_TYPES, SCHEMA_VERSION } from './actions';
import { EVENT_TYPES } from './events';
import {
  arrayOf,
  isId,
  isIsoDateTime,
  isKeyId,
  isObject,
  optional,
  recordCopy,
  textWithin,
  withUnknownKeys,
  type Json,
} from './fast-checks';
import { fastReply } from './fast-replies';
import { MAX_ACTIONS_PER_FRAME, type SessionFrame } from './session-frames';

/**
 * The fast path for the frames of every send (ADR 0034): `actions` (app → gateway), `replies`, `events`
 * and `event_acks`. Each function mirrors one schema in session-frames.ts, actions.ts or events.ts and
 * returns exactly zod's output, or undefined when it cannot be sure; the other kinds always decline.
 */

const ACTION_TYPE_SET: ReadonlySet<unknown> = new Set(ACTION_TYPES);
const EVENT_TYPE_SET: ReadonlySet<unknown> = new Set(EVENT_TYPES);
const keys = (...names: string[]): ReadonlySet<string> => new Set(names);

const ENVELOPE_KEYS = keys(
  'schema_version',
  'action_id',
  'action_type',
  'timestamp',
  'source_system',
  'source_reference',
  'parameters',
);
const REFERENCE_KEYS = keys('appointment_id', 'participant_id');

/** `actionEnvelopeSchema`. */
function fastEnvelope(input: unknown): Json | undefined {
  if (!isObject(input)) return undefined;
  const { schema_version, action_id, action_type, timestamp, source_system } = input;
  if (schema_version !== SCHEMA_VERSION || !isId(action_id) || !ACTION_TYPE_SET.has(action_type))
    return undefined;
  if (!isIsoDateTime(timestamp) || !textWithin(source_system, 1, 64)) return undefined;
  const out: Json = { schema_version, action_id, action_type, timestamp, source_system };
  const reference = input.source_reference;
  if (reference !== undefined) {
    if (!isObject(reference)) return undefined;
    const { appointment_id, participant_id } = reference;
    if (!optional(appointment_id, isId) || !optional(participant_id, isId)) return undefined;
    const known: Json = {};
    if (appointment_id !== undefined) known.appointment_id = appointment_id;
    if (participant_id !== undefined) known.participant_id = participant_id;
    out.source_reference = withUnknownKeys(reference, known, REFERENCE_KEYS);
  }
  // `.default({})`: an absent key becomes an empty record, which zod does not validate further.
  const parameters = input.parameters === undefined ? {} : recordCopy(input.parameters);
  if (parameters === undefined) return undefined;
  out.parameters = parameters;
  return withUnknownKeys(input, out, ENVELOPE_KEYS);
}

const SIGNED_KEYS = ['kind', 'frame_id', 'timestamp', 'key_id', 'sig'];
const ACTIONS_KEYS = keys(...SIGNED_KEYS, 'actions');
const EVENTS_KEYS = keys(...SIGNED_KEYS, 'events');

/** The signed frames' shared fields, checked; the list (`actions` or `events`) goes between. */
function signedFrame(
  input: Json,
  listKey: string,
  list: unknown[],
  shapeKeys: ReadonlySet<string>,
): Json | undefined {
  const { kind, frame_id, timestamp, key_id, sig } = input;
  if (!isId(frame_id) || !isIsoDateTime(timestamp) || !isKeyId(key_id) || !textWithin(sig, 1, 200))
    return undefined;
  return withUnknownKeys(input, { kind, frame_id, timestamp, [listKey]: list, key_id, sig }, shapeKeys);
}

const EVENT_KEYS = keys('event_id', 'event_type', 'timestamp', 'action_id', 'accession_number', 'data');

/** `gatewayEventSchema`. */
function fastEvent(input: unknown): Json | undefined {
  if (!isObject(input)) return undefined;
  const { event_id, event_type, timestamp, action_id, accession_number } = input;
  if (!isId(event_id) || !EVENT_TYPE_SET.has(event_type) || !isIsoDateTime(timestamp)) return undefined;
  if (!optional(action_id, isId) || !optional(accession_number, (v) => textWithin(v, 0, 16)))
    return undefined;
  const out: Json = { event_id, event_type, timestamp };
  if (action_id !== undefined) out.action_id = action_id;
  if (accession_number !== undefined) out.accession_number = accession_number;
  const data = input.data === undefined ? {} : recordCopy(input.data);
  if (data === undefined) return undefined;
  out.data = data;
  return withUnknownKeys(input, out, EVENT_KEYS);
}

const REPLIES_KEYS = keys('kind', 'replies');
const REPLY_ITEM_KEYS = keys('action_id', 'reply');
const ACKS_KEYS = keys('kind', 'event_ids');

function fastReplyItem(input: unknown): Json | undefined {
  if (!isObject(input) || !isId(input.action_id)) return undefined;
  const reply = fastReply(input.reply);
  return reply && withUnknownKeys(input, { action_id: input.action_id, reply }, REPLY_ITEM_KEYS);
}

const checkId = (value: unknown): string | undefined => (isId(value) ? value : undefined);

/**
 * `sessionFrameSchema.safeParse(record).data` when the fast path is certain of it, else undefined.
 * `record` is a JSON.parse result that is an object (decodeSessionFrame has checked both).
 */
export function fastDecodeFrame(record: Json): SessionFrame | undefined {
  let out: Json | undefined;
  switch (record.kind) {
    case 'actions': {
      const actions = arrayOf(record.actions, 1, MAX_ACTIONS_PER_FRAME, fastEnvelope);
      out = actions && signedFrame(record, 'actions', actions, ACTIONS_KEYS);
      break;
    }
    case 'events': {
      const events = arrayOf(record.events, 1, MAX_ACTIONS_PER_FRAME, fastEvent);
      out = events && signedFrame(record, 'events', events, EVENTS_KEYS);
      break;
    }
    case 'replies': {
      const replies = arrayOf(record.replies, 1, Infinity, fastReplyItem);
      out = replies && withUnknownKeys(record, { kind: 'replies', replies }, REPLIES_KEYS);
      break;
    }
    case 'event_acks': {
      const ids = arrayOf(record.event_ids, 1, Infinity, checkId);
      out = ids && withUnknownKeys(record, { kind: 'event_acks', event_ids: ids }, ACKS_KEYS);
      break;
    }
    default:
      return undefined;
  }
  return out as SessionFrame | undefined;
}
