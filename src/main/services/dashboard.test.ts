import { describe, expect, it } from 'vitest';
import { OutboxStore } from '../outbox/outbox-store';
import { GatewayMonitor } from '../relay/gateway-monitor';
import { createTestApp, TODAY_CLINIC_ID } from '../../../test-support/test-app';
import { transitionAppointment } from './appointments/appointments';
import { getDashboard } from './dashboard';
import { sendToModality } from './appointments/send-to-modality';

describe('dashboard', () => {
  it("shows today's click-to-confirmed times, states, reconnects and who is not on the worklist yet", () => {
    const app = createTestApp();
    const now = app.ctx.now();
    for (const n of [1, 2]) {
      transitionAppointment(app.ctx, `${TODAY_CLINIC_ID}-appt-${n}`, 'checkIn');
      sendToModality(app.ctx, `${TODAY_CLINIC_ID}-appt-${n}`, 'sendToModality');
    }
    // The first participant's worklist order is confirmed 42 ms after the click.
    const store = new OutboxStore(app.db.$client);
    const [first] = store.claimDue(now.toISOString(), 1);
    const confirmedAt = new Date(now.getTime() + 42).toISOString();
    store.settle([
      {
        id: first!.id,
        kind: 'confirmed',
        at: confirmedAt,
        reply: { status: 'created', action_id: first!.id },
      },
    ]);

    const monitor = new GatewayMonitor(app.ctx);
    for (const state of ['connecting', 'ready', 'idle', 'connecting', 'ready'] as const)
      monitor.update('gateway-alpha', state);

    const dashboard = getDashboard(app.db, now, monitor);
    expect(dashboard.latency).toEqual([{ at: confirmedAt, ms: 42, type: 'WORKLIST' }]);
    expect(Object.fromEntries(dashboard.byStatus.map((s) => [s.status, s.count]))).toMatchObject({
      confirmed: 1,
      queued: 5,
      failed: 0,
    });
    const alpha = dashboard.gateways.find((g) => g.id === 'gateway-alpha');
    expect(alpha).toMatchObject({ state: 'ready', reconnects: 1 });
    expect(alpha?.changes.map((c) => c.state)).toEqual([
      'connecting',
      'ready',
      'idle',
      'connecting',
      'ready',
    ]);
    expect(dashboard.atRisk.map((a) => a.appointmentId)).toEqual([`${TODAY_CLINIC_ID}-appt-2`]);
  });

  it('counts only today: a message confirmed yesterday is not on the chart', () => {
    const app = createTestApp();
    transitionAppointment(app.ctx, `${TODAY_CLINIC_ID}-appt-1`, 'checkIn');
    sendToModality(app.ctx, `${TODAY_CLINIC_ID}-appt-1`, 'sendToModality');
    const tomorrow = new Date(app.ctx.now().getTime() + 24 * 3600_000);
    const dashboard = getDashboard(app.db, tomorrow, {
      get: () => ({ state: 'idle', lastRoundTripMs: null }),
      history: () => [],
    });
    expect(dashboard.latency).toEqual([]);
    expect(dashboard.byStatus.every((s) => s.count === 0)).toBe(true);
  });
});
