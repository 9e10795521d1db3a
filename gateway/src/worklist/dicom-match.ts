/**
 * DICOM C-FIND matching primitives (PS3.4 C.2.2.2), pure so they can be property-tested and reused by
 * the SQL pre-filter and the in-memory check alike.
 *
 * Stored values are always complete: dates `YYYYMMDD`, times `HHMMSS` (clinic local time, as received).
 * Query values may be partial or ranges, so every date/time key is turned into an inclusive range of
 * complete values; comparing fixed-width digit strings lexicographically is then exact.
 */

/** Inclusive bounds over complete values; a missing side is open. */
export interface ValueRange {
  from?: string;
  to?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** A query value of only `*` is universal matching (C.2.2.2.3), as is an empty value. */
export function isUniversal(value: string): boolean {
  return value === '' || /^\*+$/.test(value);
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC handles leap years for us.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `a-b`, `-b`, `a-` or a single value → [left, right] strings, or null when not a range form. */
function splitRange(value: string): [string, string] | null {
  const parts = value.split('-');
  if (parts.length === 1) return null;
  if (parts.length !== 2) return ['!', '!'];
  return [parts[0] ?? '', parts[1] ?? ''];
}

function checkOrder(range: ValueRange, what: string): Parsed<ValueRange> {
  if (range.from !== undefined && range.to !== undefined && range.from > range.to)
    return fail(`${what} range starts after it ends`);
  return ok(range);
}

/** DA matching: exact `YYYYMMDD` or a range (C.2.2.2.5). Empty/`*` → universal (an empty range). */
export function parseDateQuery(raw: string): Parsed<ValueRange> {
  const value = raw.trim();
  if (isUniversal(value)) return ok({});
  const range = splitRange(value);
  if (range === null)
    return validDate(value) ? ok({ from: value, to: value }) : fail('date must be YYYYMMDD');
  const [left, right] = range;
  if (left === '' && right === '') return fail('date range needs at least one bound');
  if ((left !== '' && !validDate(left)) || (right !== '' && !validDate(right)))
    return fail('date range bounds must be YYYYMMDD');
  return checkOrder({ ...(left ? { from: left } : {}), ...(right ? { to: right } : {}) }, 'date');
}

const TIME = /^([01]\d|2[0-3])(?:([0-5]\d)(?:([0-5]\d)(?:\.\d{1,6})?)?)?$/;

/**
 * Expands a possibly partial TM to the first or last complete second it covers: `10` is 10:00:00 to
 * 10:59:59, `1030` is 10:30:00 to 10:30:59. Fractions are dropped because stored times have none.
 */
function timeBound(value: string, side: 'from' | 'to'): string | null {
  const m = TIME.exec(value);
  if (!m) return null;
  const fill = side === 'from' ? '00' : '59';
  return `${m[1]}${m[2] ?? fill}${m[3] ?? fill}`;
}

/** TM matching: exact or a range, with partial values (C.2.2.2.5). Empty/`*` → universal. */
export function parseTimeQuery(raw: string): Parsed<ValueRange> {
  const value = raw.trim();
  if (isUniversal(value)) return ok({});
  const range = splitRange(value);
  if (range === null) {
    const from = timeBound(value, 'from');
    const to = timeBound(value, 'to');
    return from && to ? ok({ from, to }) : fail('time must be HH, HHMM or HHMMSS[.FFFFFF]');
  }
  const [left, right] = range;
  if (left === '' && right === '') return fail('time range needs at least one bound');
  const from = left === '' ? undefined : timeBound(left, 'from');
  const to = right === '' ? undefined : timeBound(right, 'to');
  if (from === null || to === null) return fail('time range bounds must be HH, HHMM or HHMMSS');
  return checkOrder({ ...(from ? { from } : {}), ...(to ? { to } : {}) }, 'time');
}

export function inRange(value: string, range: ValueRange): boolean {
  if (range.from !== undefined && value < range.from) return false;
  if (range.to !== undefined && value > range.to) return false;
  return true;
}

// Only syntax characters may be escaped under the `u` flag (escaping `-` would be a SyntaxError).
const REGEX_SPECIAL = /[.+^${}()|[\]\\/]/g;

/**
 * Wildcard matching (C.2.2.2.4): `*` is any run of characters (including none), `?` exactly one.
 * The `u` flag makes `?` one code point, not one UTF-16 unit, so `Zo?` matches `Zoë`; the `i` flag
 * gives the case-insensitive name matching the production gateway offers (simple Unicode folding).
 */
export function wildcardToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(REGEX_SPECIAL, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'isu' : 'su');
}

export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  return wildcardToRegExp(pattern, caseInsensitive).test(value);
}

/**
 * Person names are compared as one `FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX` string. Trailing empty
 * components are insignificant (`SMITH^` is `SMITH`), so both sides drop them before comparing.
 */
export function normalisePersonName(name: string): string {
  return name.trim().replace(/\^+$/, '');
}

export function personNameMatch(pattern: string, stored: string): boolean {
  const p = normalisePersonName(pattern);
  if (isUniversal(p)) return true;
  return wildcardMatch(p, normalisePersonName(stored), true);
}
