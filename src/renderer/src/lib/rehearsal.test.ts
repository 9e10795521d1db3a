import { describe, expect, it } from 'vitest';
import type { Rehearsal } from '#shared/ipc/rehearsal';
import { offersRehearsal, phaseTime, rehearsalHeadline } from './rehearsal';

const rehearsal = (finishedAt: string): Rehearsal => ({
  id: 'r1',
  gatewayId: 'g1',
  clinicId: null,
  startedAt: finishedAt,
  finishedAt,
  outcome: 'passed',
  summary: 'all phases passed',
  phases: [],
});

describe('rehearsalHeadline', () => {
  it('says the time alone for a rehearsal today, in the clinic’s zone', () => {
    expect(rehearsalHeadline(rehearsal('2026-06-15T06:42:10Z'), new Date('2026-06-15T12:00:00Z'))).toBe(
      'Rehearsed 07:42, all phases passed',
    );
  });

  it('names the day of an older rehearsal', () => {
    expect(rehearsalHeadline(rehearsal('2026-11-26T17:40:00Z'), new Date('2026-11-27T08:00:00Z'))).toBe(
      'Rehearsed Thu 26 Nov 2026, 17:40, all phases passed',
    );
  });
});

describe('offersRehearsal', () => {
  const slots = [{ startsAt: '2026-11-27T09:00:00Z' }, { startsAt: '2026-11-27T09:15:00Z' }];
  it('offers it until the first appointment starts', () => {
    expect(offersRehearsal(slots, Date.parse('2026-11-27T08:59:00Z'))).toBe(true);
    expect(offersRehearsal(slots, Date.parse('2026-11-27T09:00:00Z'))).toBe(false);
  });
  it('not for a clinic with no appointments', () => {
    expect(offersRehearsal([], Date.parse('2026-11-27T08:00:00Z'))).toBe(false);
  });
});

describe('phaseTime', () => {
  it('shows a step’s time, or nothing for a step that did not run', () => {
    const phase = {
      phase: 'relay' as const,
      name: 'Reach the gateway through the relay',
      status: 'passed' as const,
      message: '',
      whatToDo: null,
      optional: false,
    };
    expect(phaseTime({ ...phase, ms: 12 })).toBe('12 ms');
    expect(phaseTime({ ...phase, ms: null })).toBe('');
  });
});
