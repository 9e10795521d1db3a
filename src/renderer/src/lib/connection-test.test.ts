import { describe, expect, it } from 'vitest';
import { describeProbe, formatDetailValue, healthDetailRows } from './connection-test';

describe('describeProbe', () => {
  it('says how long a passing probe took', () => {
    expect(
      describeProbe({ available: true, ok: true, roundTripMs: 3, message: 'ok', failingPhase: null }),
    ).toBe('Passed in 3 ms');
    expect(
      describeProbe({ available: true, ok: true, roundTripMs: 0.42, message: 'ok', failingPhase: null }),
    ).toBe('Passed in 0.4 ms');
    expect(
      describeProbe({ available: true, ok: true, roundTripMs: null, message: 'ok', failingPhase: null }),
    ).toBe('Passed');
  });

  it("gives main's message for a failure", () => {
    expect(
      describeProbe({
        available: true,
        ok: false,
        roundTripMs: null,
        message: 'No gateway is listening on the hybrid connection.',
        failingPhase: 'gateway_offline',
      }),
    ).toBe('Failed: No gateway is listening on the hybrid connection.');
  });
});

describe('describeProbe for a check the protocol cannot do', () => {
  it("says so in main's words, never passed or failed", () => {
    const message =
      'Not available on this protocol: the proof-of-concept listener (poc-five) has no health check.';
    expect(
      describeProbe({ available: false, ok: false, roundTripMs: null, message, failingPhase: null }),
    ).toBe(message);
  });
});

describe('formatDetailValue', () => {
  it('shows scalars as text', () => {
    expect(formatDetailValue('1.2.0')).toBe('1.2.0');
    expect(formatDetailValue(42)).toBe('42');
    expect(formatDetailValue(true)).toBe('true');
    expect(formatDetailValue(null)).toBe('None');
    expect(formatDetailValue('')).toBe('(empty)');
  });

  it('shows objects and arrays as indented JSON', () => {
    expect(formatDetailValue({ mwl: 'ok', pending: 2 })).toBe('{\n  "mwl": "ok",\n  "pending": 2\n}');
    expect(formatDetailValue(['a'])).toBe('[\n  "a"\n]');
  });
});

describe('healthDetailRows', () => {
  it('keeps the order the gateway sent, marking nested values', () => {
    expect(healthDetailRows({ version: '1.0.0', destinations: { mwl: 'ok' }, uptimeSeconds: 12 })).toEqual([
      { key: 'version', value: '1.0.0', structured: false },
      { key: 'destinations', value: '{\n  "mwl": "ok"\n}', structured: true },
      { key: 'uptimeSeconds', value: '12', structured: false },
    ]);
  });

  it('has no rows without details', () => {
    expect(healthDetailRows(null)).toEqual([]);
    expect(healthDetailRows({})).toEqual([]);
  });
});
