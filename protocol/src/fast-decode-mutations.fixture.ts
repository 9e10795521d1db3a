import fc from 'fast-check';
import { MAX_ACTIONS_PER_FRAME } from './session-frames';

/**
 * Damage for the fast path's soundness test (ADR 0034): a valid input with one to three nodes dropped,
 * retyped, stretched, nested, emptied or given odd keys. Whatever comes out, the fast path may accept
 * it only if zod accepts it with the same output.
 */

const BAD_TIMES = [
  '2026-02-30T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2100-02-29T00:00:00Z',
  '2026-04-31T10:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-00-10T10:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T10:60:00Z',
  '2026-01-01T10:00:60Z',
  '2026-01-01T10:00Z',
  '2026-01-01T10:00:00',
  '2026-01-01T10:00:00z',
  '2026-01-01t10:00:00Z',
  '2026-01-01 10:00:00Z',
  '2026-01-01T10:00:00.Z',
  '2026-01-01T10:00:00+2400',
  '2026-01-01T10:00:00+24:00',
  '2026-01-01T10:00:00+01',
  '+02026-01-01T10:00:00Z',
  '2026-01-01T10:00:00Z\n',
  '２０２６-01-01T10:00:00Z',
];
const ODD_TEXT = [
  '',
  ' ',
  'x'.repeat(17),
  'x'.repeat(33),
  'x'.repeat(65),
  'x'.repeat(201),
  '😀'.repeat(16),
  '😀'.repeat(17),
  '😀'.repeat(33),
  '😀'.repeat(64),
  '😀'.repeat(65),
  '\ud800',
  '\udc00x',
  'a\u0000b',
  'a\u007f',
  'a\\b',
  'A*',
  'A?',
  'FAMILY^GIVEN^MIDDLE',
  '^GIVEN',
  'A=B',
  'mg',
  '2026-01-01T10:00:00Z',
  'A'.repeat(32).toLowerCase(),
  'F'.repeat(32),
];
const KINDS = [
  'actions',
  'replies',
  'events',
  'event_acks',
  'hello',
  'hello_ok',
  'challenge',
  'error',
  'Actions',
];
const WORDS = [
  'created',
  'ok',
  'error',
  'echo',
  'verified',
  'worklist.create_item',
  'echo ',
  'delivery.outcome',
];
const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'status', 'kind', 'parameters', 'data'];

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -0, 1, 2, -1, 1.5, 1e21, true, false, [], {}, [null], { x: 1 }),
  fc.constantFrom(...BAD_TIMES, ...ODD_TEXT, ...KINDS, ...WORDS),
  fc.jsonValue({ maxDepth: 2 }),
);

type Op =
  | { op: 'delete' }
  | { op: 'replace'; value: unknown }
  | { op: 'wrap'; inArray: boolean }
  | { op: 'addKey'; key: string; value: unknown }
  | { op: 'stretch'; length: number }
  | { op: 'grow' }
  | { op: 'empty' };

const mutation = fc.record({
  at: fc.nat(),
  change: fc.oneof(
    fc.constant<Op>({ op: 'delete' }),
    oddValue.map<Op>((value) => ({ op: 'replace', value })),
    fc.boolean().map<Op>((inArray) => ({ op: 'wrap', inArray })),
    fc
      .tuple(fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string()), oddValue)
      .map<Op>(([key, value]) => ({ op: 'addKey', key, value })),
    fc.constantFrom(16, 17, 32, 33, 64, 65, 200, 201).map<Op>((length) => ({ op: 'stretch', length })),
    fc.constant<Op>({ op: 'grow' }),
    fc.constant<Op>({ op: 'empty' }),
  ),
});
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

type Node = { parent: Record<string, unknown> | unknown[] | undefined; key: string | number; value: unknown };

function nodes(root: unknown): Node[] {
  const out: Node[] = [{ parent: undefined, key: '', value: root }];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => (out.push({ parent: value, key: i, value: v }), walk(v)));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push({ parent: value as Record<string, unknown>, key: k, value: v });
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

const define = (target: object, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** `root` after `change` at its node number `at` (of `nodes(root)`); `root` itself may be replaced. */
function apply(root: unknown, at: number, change: Op): unknown {
  const all = nodes(root);
  const node = all[at % all.length]!;
  let next: unknown = node.value;
  switch (change.op) {
    case 'delete':
      if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
      else if (node.parent) delete (node.parent as Record<string, unknown>)[node.key];
      return root;
    case 'replace':
      next = change.value;
      break;
    case 'stretch':
      if (typeof node.value !== 'string') return root;
      // The same characters, to a length around a bound: a pattern still matches, only the length is off.
      next = node.value.padEnd(change.length, node.value.at(-1) ?? 'x');
      break;
    case 'wrap':
      next = change.inArray ? [node.value] : { value: node.value };
      break;
    case 'addKey':
      if (node.value && typeof node.value === 'object' && !Array.isArray(node.value))
        define(node.value, change.key, change.value);
      return root;
    case 'grow':
      if (Array.isArray(node.value) && node.value.length > 0)
        next = Array.from({ length: MAX_ACTIONS_PER_FRAME + 1 }, () => (node.value as unknown[])[0]);
      break;
    case 'empty':
      next = Array.isArray(node.value) ? [] : {};
      break;
  }
  if (!node.parent) return next;
  define(node.parent, node.key, next);
  return root;
}

const copy = (input: unknown): unknown => JSON.parse(JSON.stringify(input));

/** The JSON text of `input` (itself JSON-safe) after `changes`, each at a node picked by its index. */
export function mutate(input: unknown, changes: Array<{ at: number; change: Op }>): string {
  let root = copy(input);
  for (const { at, change } of changes) root = apply(root, at, change);
  return JSON.stringify(root);
}

const EVERY_CHANGE: Op[] = [
  { op: 'delete' },
  { op: 'wrap', inArray: true },
  { op: 'wrap', inArray: false },
  { op: 'grow' },
  { op: 'empty' },
  ...[16, 17, 32, 33, 64, 65, 200, 201].map((length): Op => ({ op: 'stretch', length })),
  ...[null, 0, -0, 1, 2, -1, 1.5, true, [], {}, ...BAD_TIMES, ...ODD_TEXT, ...KINDS, ...WORDS].map(
    (value): Op => ({ op: 'replace', value }),
  ),
  ...ODD_KEYS.map((key): Op => ({ op: 'addKey', key, value: { x: 1 } })),
];

/**
 * Every single change of EVERY_CHANGE at every node of `input`, as JSON text: the whole neighbourhood,
 * so a bound or a pattern the fast path gets wrong is met for certain, not by chance.
 */
export function* neighbours(input: unknown): Generator<string> {
  const count = nodes(input).length;
  for (let at = 0; at < count; at++)
    for (const change of EVERY_CHANGE) yield JSON.stringify(apply(copy(input), at, change));
}

/** How many nodes `input` has (the neighbourhood of a 256-action frame is too big to walk in a test). */
export const nodeCount = (input: unknown): number => nodes(input).length;
