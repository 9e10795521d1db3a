import {
  ACTION_TYPES,
  actionEnvelopeSchema,
  actionParameterSchemas,
  randomUUID,
  SCHEMA_VERSION,
  worklistItemSchema,
  type ActionEnvelope,
  type Reply,
  type WireActionType,
} from 'modality-link-protocol';
import { utcToZone } from '../../worklist/scheduled-time';

/**
 * What a production-style sender sends under `nhs-gateway/1`, read as production reads it (ADR 0019):
 * `schema_version`, `timestamp` and `source_system` may be absent; unknown fields are ignored; statuses
 * are matched whatever their case and spacing; scheduled date and time are UTC and become the gateway's
 * local time here, before anything is stored. The result is our envelope, or an error in production's
 * shape and wording (`Missing key: '…'`, `Unsupported action: …`) with our `code` and `retryable` added.
 */
export type NhsGatewayRequest =
  { ok: true; envelope: ActionEnvelope; raw: Record<string, unknown> } | { ok: false; reply: Reply };

type ErrorReply = Extract<Reply, { status: 'error' }>;

const UPDATE_STATUSES = ['IN PROGRESS', 'COMPLETED', 'DISCONTINUED'] as const;
/** Actions that change state: they need the sender's `action_id`, the key that makes a resend harmless. */
const STATEFUL: ReadonlySet<WireActionType> = new Set([
  'worklist.create_item',
  'worklist.create_test_item',
  'worklist.update_status',
  'message.deliver',
  'worklist.remove_test_item',
]);

const refuse = (message: string, code: string, retryable = false): { ok: false; reply: ErrorReply } => ({
  ok: false,
  reply: { status: 'error', message, code, retryable },
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readNhsGatewayRequest(request: unknown, timeZone: string): NhsGatewayRequest {
  if (!isRecord(request)) return refuse('Request must be a JSON object', 'bad_frame');
  const type = request.action_type;
  if (type === undefined) return refuse("Missing key: 'action_type'", 'bad_frame');
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    // Never String() an object from the wire: one with its own toString key would throw.
    const named = typeof type === 'string' ? type.slice(0, 64) : type === null ? 'null' : typeof type;
    // Production's own case, in its exact shape: it carries only the message.
    return { ok: false, reply: { status: 'error', message: `Unsupported action: ${named}` } };
  }
  const actionType = type as WireActionType;
  // Production ignores schema_version; a sender that names another version means another contract.
  if (request.schema_version !== undefined && request.schema_version !== SCHEMA_VERSION)
    return refuse(
      `Unsupported schema_version: ${JSON.stringify(request.schema_version)?.slice(0, 16)} (this gateway speaks ${SCHEMA_VERSION})`,
      'unsupported_version',
    );
  const actionId = request.action_id;
  if (actionId === undefined && STATEFUL.has(actionType))
    return refuse("Missing key: 'action_id'", 'bad_frame');
  if (actionId !== undefined && (typeof actionId !== 'string' || actionId.length < 1 || actionId.length > 64))
    return refuse('Invalid action_id: a string of 1 to 64 characters', 'bad_frame');

  const parameters = readParameters(actionType, request.parameters, timeZone);
  if (!parameters.ok) return parameters;
  const timestamp = actionEnvelopeSchema.shape.timestamp.safeParse(request.timestamp);
  const source = actionEnvelopeSchema.shape.source_system.safeParse(request.source_system);
  const reference = actionEnvelopeSchema.shape.source_reference.safeParse(request.source_reference);
  const envelope: ActionEnvelope = {
    schema_version: SCHEMA_VERSION,
    // echo and health need none (production answers them without one); they never reach the inbox.
    action_id: typeof actionId === 'string' ? actionId : randomUUID(),
    action_type: actionType,
    // Ignored by production and by us, but kept when it is well formed; otherwise the receipt time.
    timestamp: timestamp.success ? timestamp.data : new Date().toISOString(),
    source_system: source.success ? source.data : 'nhs-gateway/1',
    ...(reference.success && reference.data ? { source_reference: reference.data } : {}),
    parameters: parameters.value,
  };
  return { ok: true, envelope, raw: request };
}

type Read = { ok: true; value: Record<string, unknown> } | { ok: false; reply: ErrorReply };

function readParameters(type: WireActionType, value: unknown, timeZone: string): Read {
  if (value === undefined && (type === 'echo' || type === 'health')) return { ok: true, value: {} };
  if (value === undefined) return refuse("Missing key: 'parameters'", 'invalid_parameters');
  if (!isRecord(value)) return refuse('Invalid parameters: must be a JSON object', 'invalid_parameters');
  switch (type) {
    case 'worklist.update_status':
      return readUpdate(value);
    case 'worklist.create_item':
      return readCreate(value, timeZone);
    case 'worklist.create_test_item':
      return readTestItem(value, timeZone);
    default:
      return { ok: true, value };
  }
}

function readUpdate(parameters: Record<string, unknown>): Read {
  const item = parameters.worklist_item;
  if (!isRecord(item)) return missingOrInvalid(item, 'worklist_item', 'parameters');
  if (typeof item.status !== 'string')
    return missingOrInvalid(item.status, 'status', 'parameters.worklist_item');
  // Production upper-cases the status; we also ignore surrounding and repeated spaces.
  const status = item.status.trim().replace(/\s+/g, ' ').toUpperCase();
  if (!(UPDATE_STATUSES as readonly string[]).includes(status))
    return refuse(`Cannot transition to '${status.slice(0, 32)}'`, 'invalid_parameters');
  const value = { ...parameters, worklist_item: { ...item, status } };
  const checked = actionParameterSchemas['worklist.update_status'].safeParse(value);
  return checked.success ? { ok: true, value } : invalid(value, checked.error);
}

function readCreate(parameters: Record<string, unknown>, timeZone: string): Read {
  const checked = actionParameterSchemas['worklist.create_item'].safeParse(parameters);
  if (!checked.success) return invalid(parameters, checked.error);
  const item = parameters.worklist_item as Record<string, unknown>;
  const local = utcToZone(checked.data.worklist_item.scheduled, timeZone);
  if (!local)
    return refuse(
      'Invalid parameters.worklist_item.scheduled.date: not a calendar date',
      'invalid_parameters',
    );
  return { ok: true, value: { ...parameters, worklist_item: { ...item, scheduled: local } } };
}

/** A test item may leave everything out; a scheduled time it does give is UTC like any other. */
function readTestItem(parameters: Record<string, unknown>, timeZone: string): Read {
  const item = parameters.worklist_item;
  if (!isRecord(item) || item.scheduled === undefined) return { ok: true, value: parameters };
  const scheduled = worklistItemSchema.shape.scheduled.safeParse(item.scheduled);
  if (!scheduled.success) return invalid(parameters, scheduled.error, ['worklist_item', 'scheduled']);
  const local = utcToZone(scheduled.data, timeZone);
  if (!local)
    return refuse(
      'Invalid parameters.worklist_item.scheduled.date: not a calendar date',
      'invalid_parameters',
    );
  return { ok: true, value: { ...parameters, worklist_item: { ...item, scheduled: local } } };
}

function missingOrInvalid(value: unknown, key: string, under: string): Read {
  return value === undefined
    ? refuse(`Missing key: '${key}' (${under}.${key})`, 'invalid_parameters')
    : refuse(`Invalid ${under}.${key}: wrong type`, 'invalid_parameters');
}

/**
 * The first problem, in production's words when a key is missing (`Missing key: 'date'`), with where it
 * is; otherwise the field and the rule. Never the value: it may be patient data.
 */
function invalid(
  parameters: Record<string, unknown>,
  error: { issues: Array<{ path: PropertyKey[]; message: string }> },
  prefix: PropertyKey[] = [],
): { ok: false; reply: ErrorReply } {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])].map(String);
  const where = ['parameters', ...path].join('.');
  let value: unknown = parameters;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  if (value === undefined && path.length > 0)
    return refuse(`Missing key: '${path[path.length - 1]}' (${where})`, 'invalid_parameters');
  return refuse(`Invalid ${where}: ${issue?.message ?? 'invalid'}`, 'invalid_parameters');
}
