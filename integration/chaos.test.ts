import { afterAll, describe, expect, it } from 'vitest';
import { FULL_RUN, type ChaosConfig } from '../bench/chaos/chaos-config';
import { reportLines } from '../bench/chaos/report';
import { runChaos } from '../bench/chaos/run-chaos';
import { killEveryChild } from '../bench/chaos/supervised-process';

// The small version of `npm run chaos` (issue 11): the same harness, the same three real processes
// (relay, gateway, app web host), a clinic of 34 (102 messages), a few random kill -9s of each, one short
// relay outage and one short gateway freeze. Faults are kept short and sparse so that a busy CI machine
// still finishes in about a minute; the settle time is generous and nothing here looks at a clock.
const SMALL: ChaosConfig = {
  ...FULL_RUN,
  appointments: 34,
  durationS: 20,
  killMinS: 4,
  killMaxS: 10,
  restartMinS: 0.2,
  restartMaxS: 1.5,
  relayOutageS: 6,
  gatewayFreezeS: 5,
  settleS: 100,
  seed: Math.floor(Math.random() * 2 ** 31),
  keep: false,
};

afterAll(() => killEveryChild());

describe('chaos: relay, gateway and app killed at random while a clinic is sent', () => {
  it('loses nothing, duplicates nothing, fails nothing, and the modality finds every participant sent', async () => {
    const result = await runChaos(SMALL);
    const { figures, faults } = result;
    // On failure, the figures and the seed say what happened and how to run it again.
    const context = `seed ${SMALL.seed}\n${reportLines(result).join('\n')}`;

    // The faults happened, so the rest means something.
    expect(
      Object.values(faults.kills).reduce((a, b) => a + b, 0),
      context,
    ).toBeGreaterThanOrEqual(3);
    expect(faults.outages, context).toBe(1);
    expect(faults.freezes, context).toBe(1);
    expect(figures.appointmentsSent, context).toBe(SMALL.appointments);
    expect(figures.messages, context).toBe(3 * SMALL.appointments);

    expect(figures.lost, context).toEqual({
      total: 0,
      acceptedNotStored: 0,
      confirmedNotInInbox: 0,
      droppedFileMissing: 0,
    });
    expect(figures.duplicates.total, context).toBe(0);
    expect(figures.worklistMissing, context).toBe(0);
    expect(figures.worklistFound, context).toBe(SMALL.appointments);
    expect(figures.integrity, context).toEqual({ app: 'ok', gateway: 'ok' });
    // Delivery never gives up on a transient fault (ADR 0015): nothing ended failed or expired, and
    // every message was confirmed before the settle limit.
    expect(figures.failed, context).toBe(0);
    expect(result.settle.drainS, context).not.toBeNull();
  }, 240_000);
});
