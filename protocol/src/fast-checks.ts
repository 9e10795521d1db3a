/**
 * Building blocks of the zod-free fast path (ADR 0034): each answers "zod would certainly accept this
 * and produce exactly this", or declines. A decline is never an error; the caller then runs the zod
 * schema, which gives every error text. Written against zod 4's own behaviour (node_modules/zod/v4/core),
 * and proven equal by the differential tests in fast-decode.test.ts.
 */

type Tally = Record<string, number>;
/**
 * How often each path decided, by frame kind and by action type, so a test can show that the frames a
 * real send produces take the fast one. Never part of a decoded value.
 */
export const fastDecodeCounts = {
  frames: { fast: {} as Tally, schema: {} as Tally },
  parameters: { fast: {} as Tally, schema: {} as Tally },
};
export function tally(counts: Tally, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export type Json = Record<string, unknown>;

/** zod's `isObject`: what `z.object`/`z.looseObject` take as an object. */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `z.string().min(min).max(max)`. zod 4 counts code points, not UTF-16 units: within both bounds in
 * units, a string is within them in code points when `min` ≤ 1; past `max` in units it might still fit,
 * so that case declines and zod decides.
 */
export function textWithin(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || value.length > max || value.length < min) return false;
  return min <= 1 || [...value].length >= min;
}

/** The schemas' `id`: `z.string().min(1).max(64)`. */
export const isId = (value: unknown): value is string => textWithin(value, 1, 64);

/** An optional key as zod reads it: absent (undefined) passes, anything else must pass `check`. */
export const optional = (value: unknown, check: (v: unknown) => boolean): boolean =>
  value === undefined || check(value);

const KEY_ID = /^[0-9a-f]{32}$/;
export const isKeyId = (value: unknown): value is string => typeof value === 'string' && KEY_ID.test(value);

const DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `z.iso.datetime({ offset: true })`: zod's pattern checks the calendar too (30-day months, February 29
 * in Gregorian leap years only), with seconds required and any number of fraction digits.
 */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (day <= DAYS_IN_MONTH[month - 1]!) return true;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && day === 29 && leap;
}

/**
 * `z.looseObject`'s output: `known` holds the shape's keys in shape order (absent optional keys left
 * out); then every other enumerable key of `input`, as zod's `for...in` meets it, value by reference.
 * zod skips an undeclared `__proto__`, which on a plain object would replace the prototype.
 */
export function withUnknownKeys(input: Json, known: Json, shapeKeys: ReadonlySet<string>): Json {
  for (const key in input) {
    if (shapeKeys.has(key) || key === '__proto__') continue;
    known[key] = input[key];
  }
  return known;
}

/**
 * `z.record(z.string(), z.unknown())`: a copy of the object's own enumerable keys, `__proto__` left out
 * as zod does. Every JSON object is a plain object to zod's `isPlainObject`, whatever its `constructor` key.
 */
export function recordCopy(value: unknown): Json | undefined {
  if (!isObject(value)) return undefined;
  const copy: Json = {};
  for (const key of Object.keys(value)) {
    if (key !== '__proto__') copy[key] = value[key];
  }
  return copy;
}

/** Every element through `check`, or undefined at the first decline; `z.array(...).min(min).max(max)`. */
export function arrayOf<T>(
  value: unknown,
  min: number,
  max: number,
  check: (element: unknown) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value) || value.length < min || value.length > max) return undefined;
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) {
    const element = check(value[i]);
    if (element === undefined) return undefined;
    out[i] = element;
  }
  return out;
}
