import { isId, isObject, recordCopy, withUnknownKeys, type Json } from './fast-checks';

/**
 * The fast path for `replySchema` (actions.ts), a discriminated union on `status`: per status, the
 * fields in the schema's order and whether each is required. zod's output is the status, then each
 * declared field present, then the unknown keys; this returns the same, or undefined when unsure.
 */
type Field = [name: string, required: boolean, check: (value: unknown) => boolean];

const isString = (value: unknown): boolean => typeof value === 'string';
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
// z.number(): finite, which every JSON number is; .nonnegative() is >= 0.
const isNonNegative = (value: unknown): boolean => typeof value === 'number' && value >= 0;
const isPresent = (value: unknown): boolean => value !== undefined;

const ACTION_ID: Field = ['action_id', true, isId];
const OPTIONAL_ACTION_ID: Field = ['action_id', false, isId];
const ACCESSION: Field = ['accession_number', true, isString];

const VARIANTS = new Map<string, Field[]>([
  ['created', [ACTION_ID]],
  ['exists', [ACTION_ID]],
  ['updated', [ACCESSION, OPTIONAL_ACTION_ID]],
  ['accepted', [ACTION_ID]],
  // z.unknown() as a key is required: an absent `payload` fails (zod reports "nonoptional").
  ['echo', [['payload', true, isPresent]]],
  ['verified', [ACTION_ID, ACCESSION, ['found', true, isBoolean], ['query_ms', true, isNonNegative]]],
  ['removed', [ACTION_ID, ACCESSION]],
  // `health` is z.record(z.string(), z.unknown()), copied below.
  ['ok', [OPTIONAL_ACTION_ID, ['health', true, isObject]]],
  [
    'error',
    [
      ['message', true, isString],
      OPTIONAL_ACTION_ID,
      ['code', false, isString],
      ['retryable', false, isBoolean],
    ],
  ],
]);

const SHAPE_KEYS = new Map(
  [...VARIANTS].map(([status, fields]) => [status, new Set(['status', ...fields.map((f) => f[0])])]),
);

export function fastReply(input: unknown): Json | undefined {
  if (!isObject(input)) return undefined;
  const status = input.status;
  const fields = typeof status === 'string' ? VARIANTS.get(status) : undefined;
  if (!fields) return undefined;
  const out: Json = { status };
  for (const [name, required, check] of fields) {
    const value = input[name];
    if (value === undefined) {
      if (required) return undefined;
      continue;
    }
    if (!check(value)) return undefined;
    out[name] = name === 'health' ? recordCopy(value) : value;
  }
  return withUnknownKeys(input, out, SHAPE_KEYS.get(status as string)!);
}
