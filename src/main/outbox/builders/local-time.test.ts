import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuilderError } from './builder-error';
import {
  formatOffset,
  isoDateToCompact,
  parseIsoInstant,
  toDicomDateTime,
  toFhirDateTime,
  toHl7Timestamp,
  toLocalDateTime,
} from './local-time';

const LONDON = 'Europe/London';

describe('toLocalDateTime (Europe/London)', () => {
  it.each([
    // [utc instant, local date, local time, offset minutes]
    ['2026-07-01T08:15:00Z', '20260701', '091500', 60], // BST
    ['2026-01-15T09:00:00Z', '20260115', '090000', 0], // GMT
    ['2026-07-01T23:30:00Z', '20260702', '003000', 60], // summer evening UTC = next local day
    ['2026-12-31T23:30:00Z', '20261231', '233000', 0], // winter: no day change
    ['2026-06-30T22:59:59Z', '20260630', '235959', 60], // last second of the local day
    ['2026-06-30T23:00:00Z', '20260701', '000000', 60], // local midnight is 23:00 UTC in summer
    // Spring forward, Sun 29 Mar 2026: 01:00 GMT jumps to 02:00 BST.
    ['2026-03-29T00:59:59Z', '20260329', '005959', 0],
    ['2026-03-29T01:00:00Z', '20260329', '020000', 60],
    // Fall back, Sun 25 Oct 2026: 01:xx local happens twice; only the offset tells them apart.
    ['2026-10-25T00:30:00Z', '20261025', '013000', 60],
    ['2026-10-25T01:30:00Z', '20261025', '013000', 0],
    ['2025-03-30T01:00:00Z', '20250330', '020000', 60], // 2025 spring transition
    ['2025-10-26T00:59:59Z', '20251026', '015959', 60], // 2025 autumn, last BST second
  ])('%s → %s %s (%i)', (iso, date, time, offsetMinutes) => {
    expect(toLocalDateTime(iso, LONDON)).toEqual({ date, time, offsetMinutes });
  });

  it('drops sub-second precision rather than rounding into the next second', () => {
    expect(toLocalDateTime('2026-07-01T08:15:59.999Z', LONDON).time).toBe('091559');
  });

  it('accepts instants written with an explicit offset', () => {
    expect(toLocalDateTime('2026-07-01T10:15:00+02:00', LONDON)).toEqual({
      date: '20260701',
      time: '091500',
      offsetMinutes: 60,
    });
  });

  it('works for zones with negative and non-hour offsets', () => {
    expect(toLocalDateTime('2026-01-15T03:00:00Z', 'America/New_York')).toEqual({
      date: '20260114',
      time: '220000',
      offsetMinutes: -300,
    });
    expect(toLocalDateTime('2026-01-15T03:00:00Z', 'Asia/Kolkata').offsetMinutes).toBe(330);
  });
});

describe('formatted outputs', () => {
  it('renders DICOM, HL7 and FHIR forms with the local offset', () => {
    const iso = '2026-07-01T23:30:00Z';
    expect(toDicomDateTime(iso, LONDON)).toEqual({ date: '20260702', time: '003000' });
    expect(toHl7Timestamp(iso, LONDON)).toBe('20260702003000+0100');
    expect(toFhirDateTime(iso, LONDON)).toBe('2026-07-02T00:30:00+01:00');
    expect(toHl7Timestamp('2026-01-15T09:00:00Z', LONDON)).toBe('20260115090000+0000');
    expect(toFhirDateTime('2026-01-15T09:00:00Z', LONDON)).toBe('2026-01-15T09:00:00+00:00');
  });

  it('formats offsets', () => {
    expect(formatOffset(0, false)).toBe('+0000');
    expect(formatOffset(60, true)).toBe('+01:00');
    expect(formatOffset(-210, false)).toBe('-0330');
    expect(formatOffset(345, true)).toBe('+05:45');
  });
});

describe('input validation', () => {
  it.each([
    '2026-07-01 08:15:00Z',
    '2026-07-01T08:15:00',
    '2026-02-30T08:15:00Z',
    '2026-07-01T24:00:00Z',
    'yesterday',
    '',
  ])('rejects %j naming the field', (bad) => {
    const err = (() => {
      try {
        parseIsoInstant(bad, 'appointment.startsAt');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BuilderError);
    expect((err as BuilderError).field).toBe('appointment.startsAt');
  });

  it('rejects an unknown time zone', () => {
    expect(() => toLocalDateTime('2026-07-01T08:15:00Z', 'Mars/Olympus_Mons', 'x')).toThrow(/time zone/);
  });

  it('converts and checks calendar dates', () => {
    expect(isoDateToCompact('1970-02-28', 'dob')).toBe('19700228');
    expect(() => isoDateToCompact('1970-02-29', 'dob')).toThrow(BuilderError);
    expect(() => isoDateToCompact('19700228', 'dob')).toThrow(/YYYY-MM-DD/);
  });
});

// ---- property tests against an independent reference ----------------------------------------

/** Last Sunday of a month, as a UTC day-of-month. */
function lastSunday(year: number, monthIndex: number): number {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/**
 * UK rule since 1996 (EU harmonised): BST from 01:00 UTC on the last Sunday of March until
 * 01:00 UTC on the last Sunday of October. Plain arithmetic, no Intl, so it can catch Intl misuse.
 */
function referenceLondon(epochMs: number): { date: string; time: string; offsetMinutes: number } {
  const y = new Date(epochMs).getUTCFullYear();
  const start = Date.UTC(y, 2, lastSunday(y, 2), 1);
  const end = Date.UTC(y, 9, lastSunday(y, 9), 1);
  const offsetMinutes = epochMs >= start && epochMs < end ? 60 : 0;
  const l = new Date(epochMs + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${p(l.getUTCFullYear(), 4)}${p(l.getUTCMonth() + 1)}${p(l.getUTCDate())}`,
    time: `${p(l.getUTCHours())}${p(l.getUTCMinutes())}${p(l.getUTCSeconds())}`,
    offsetMinutes,
  };
}

const instants = fc
  .integer({ min: Date.UTC(1997, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 })
  .map((s) => s * 1000);

describe('properties', () => {
  it('matches the UK summer-time rule computed by hand', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        expect(toLocalDateTime(new Date(ms).toISOString(), LONDON)).toEqual(referenceLondon(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the reference within a day of every transition', () => {
    const nearTransition = fc
      .tuple(fc.integer({ min: 1997, max: 2099 }), fc.boolean(), fc.integer({ min: -86_400, max: 86_400 }))
      .map(
        ([y, spring, delta]) => Date.UTC(y, spring ? 2 : 9, lastSunday(y, spring ? 2 : 9), 1) + delta * 1000,
      );
    fc.assert(
      fc.property(nearTransition, (ms) => {
        expect(toLocalDateTime(new Date(ms).toISOString(), LONDON)).toEqual(referenceLondon(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('FHIR output parses back to the same instant in any zone', () => {
    const zones = fc.constantFrom(LONDON, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC');
    fc.assert(
      fc.property(instants, zones, (ms, zone) => {
        const local = toFhirDateTime(new Date(ms).toISOString(), zone);
        expect(Date.parse(local)).toBe(ms);
        expect(parseIsoInstant(local)).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
});
