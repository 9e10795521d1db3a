import { describe, expect, it } from 'vitest';
import { describeLatency } from './dashboard-words';

const point = (ms: number) => ({ at: '2026-12-04T09:00:00.000Z', ms, type: 'WORKLIST' as const });

describe('latency in words', () => {
  it('says when nothing is confirmed yet', () => {
    expect(describeLatency([])).toBe('No message has been confirmed today yet.');
  });

  it('gives the typical, nine-in-ten and longest times', () => {
    const points = [40, 10, 30, 20, 50, 60, 70, 80, 90, 500].map(point);
    expect(describeLatency(points)).toBe(
      "Time from the click to the gateway's confirmation for 10 messages today: typically 60 ms, 500 ms for nine in ten, longest 500 ms.",
    );
    expect(describeLatency([point(12.4)])).toContain('for 1 message today: typically 12 ms');
  });
});
