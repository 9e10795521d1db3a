import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inRange,
  parseDateQuery,
  parseTimeQuery,
  personNameMatch,
  wildcardMatch,
  type ValueRange,
} from './dicom-match';

/** Textbook wildcard matching by dynamic programming over code points: the oracle for the RegExp. */
function referenceMatch(pattern: string[], value: string[], fold: boolean): boolean {
  const same = (a: string, b: string) => (fold ? a.toLowerCase() === b.toLowerCase() : a === b);
  // row[j]: does pattern[0..i) match value[0..j)?
  let row = [true, ...value.map(() => false)];
  for (const p of pattern) {
    const next = [p === '*' && row[0] === true];
    for (let j = 1; j <= value.length; j++) {
      const v = value[j - 1]!;
      next[j] =
        p === '*'
          ? next[j - 1] === true || row[j] === true
          : row[j - 1] === true && (p === '?' || same(p, v));
    }
    row = next;
  }
  return row[value.length] === true;
}

const letters = fc.constantFrom('a', 'A', 'b', 'ë', 'Ë', '^', '.', '(');
const patternChar = fc.oneof(letters, fc.constantFrom('*', '?'));

const dates = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2040, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const times = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(''));
const seconds = (t: string) =>
  Number(t.slice(0, 2)) * 3600 + Number(t.slice(2, 4)) * 60 + Number(t.slice(4, 6));

/** A TM query value truncated to HH, HHMM or HHMMSS, and the seconds it covers. */
const partialTimes = fc.tuple(times, fc.constantFrom(2, 4, 6)).map(([t, n]) => {
  const text = t.slice(0, n);
  const first = seconds(text.padEnd(6, '0'));
  const span = n === 2 ? 3600 : n === 4 ? 60 : 1;
  return { text, first, last: first + span - 1 };
});

const expectRange = (parsed: ReturnType<typeof parseDateQuery>): ValueRange => {
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('wildcard matching', () => {
  it('agrees with the reference matcher, case-sensitive and not', () => {
    fc.assert(
      fc.property(
        fc.array(patternChar, { maxLength: 8 }),
        fc.array(letters, { maxLength: 8 }),
        fc.boolean(),
        (p, v, fold) => {
          expect(wildcardMatch(p.join(''), v.join(''), fold)).toBe(referenceMatch(p, v, fold));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('matches names case-insensitively with * and ?, by code point', () => {
    expect(personNameMatch('THOM*', 'Thomas^Siân')).toBe(true);
    expect(personNameMatch('thom*', 'THOMPSON^ANN')).toBe(true);
    expect(personNameMatch('THOM*', 'SMITH^THOMAS')).toBe(false);
    expect(personNameMatch('*^ZO?', 'JONES^Zoë')).toBe(true);
    expect(personNameMatch('SMITH^', 'SMITH')).toBe(true);
    expect(personNameMatch('*', 'ANY^ONE')).toBe(true);
    expect(personNameMatch('SMITH^JANE', 'SMITH^JANET')).toBe(false);
  });
});

describe('date matching', () => {
  it('implements a-b, -b, a- and exact as inclusive bounds', () => {
    fc.assert(
      fc.property(dates, dates, dates, (x, y, v) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        expect(inRange(v, expectRange(parseDateQuery(`${a}-${b}`)))).toBe(a <= v && v <= b);
        expect(inRange(v, expectRange(parseDateQuery(`-${b}`)))).toBe(v <= b);
        expect(inRange(v, expectRange(parseDateQuery(`${a}-`)))).toBe(v >= a);
        expect(inRange(v, expectRange(parseDateQuery(a)))).toBe(v === a);
      }),
      { numRuns: 500 },
    );
  });

  it('treats empty and * as universal and refuses malformed values', () => {
    expect(parseDateQuery('')).toEqual({ ok: true, value: {} });
    expect(parseDateQuery('*')).toEqual({ ok: true, value: {} });
    expect(parseDateQuery('20261127 ')).toEqual({ ok: true, value: { from: '20261127', to: '20261127' } });
    for (const bad of ['2026-13', '20261301', '20260230', '-', '20261128-20261127', '2026.11.27', '1-2-3'])
      expect(parseDateQuery(bad).ok, bad).toBe(false);
    expect(parseDateQuery('20280229').ok).toBe(true);
  });
});

describe('time matching', () => {
  it('expands partial times to the seconds they cover, in ranges and exact values', () => {
    fc.assert(
      fc.property(partialTimes, partialTimes, times, (x, y, v) => {
        const [a, b] = x.first <= y.first ? [x, y] : [y, x];
        const s = seconds(v);
        expect(inRange(v, expectRange(parseTimeQuery(`${a.text}-${b.text}`)))).toBe(
          a.first <= s && s <= b.last,
        );
        expect(inRange(v, expectRange(parseTimeQuery(`-${b.text}`)))).toBe(s <= b.last);
        expect(inRange(v, expectRange(parseTimeQuery(`${a.text}-`)))).toBe(s >= a.first);
        expect(inRange(v, expectRange(parseTimeQuery(a.text)))).toBe(a.first <= s && s <= a.last);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts fractions and refuses malformed values', () => {
    expect(parseTimeQuery('0915-103015.5')).toEqual({ ok: true, value: { from: '091500', to: '103015' } });
    for (const bad of ['2400', '9', '09:15', '0960', '1030.5', '1200-1100', 'abc'])
      expect(parseTimeQuery(bad).ok, bad).toBe(false);
  });
});
