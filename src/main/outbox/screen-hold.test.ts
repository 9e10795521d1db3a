import { afterEach, expect, it } from 'vitest';
import type { MessageSummary } from '#shared/ipc/views';
import { todayClinicId } from '../../../test-support/dispatch-harness';
import { harnessWithGateway } from '../../../test-support/harness-with-gateway';
import type { TestGatewayBehaviour } from '../../../test-support/test-gateway';

// ADR 0033: the screens hear of a claim or a written frame with the next outcome, or after the hold.
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setUp(screenHoldMs: number, behaviour: TestGatewayBehaviour = {}) {
  const { harness } = await harnessWithGateway(cleanup, { screenHoldMs, behaviour });
  const shown = new Map<string, string[]>();
  harness.ctx.events.subscribe((event, payload) => {
    if (event !== 'message.changed') return;
    const { id, status } = payload as MessageSummary;
    shown.set(id, [...(shown.get(id) ?? []), status]);
  });
  harness.dispatcher.start();
  return { harness, shown };
}

it('tells the screens once when the reply comes within the hold: queued, then confirmed', async () => {
  const { harness, shown } = await setUp(60_000);
  const ids = harness.sendAppointments(todayClinicId(), 1);
  await harness.waitFor(() => ids.every((id) => shown.get(id)?.at(-1) === 'confirmed'), 'confirmed');
  for (const id of ids) expect(shown.get(id)).toEqual(['queued', 'confirmed']);
  for (const row of harness.rows()) {
    // The frame's write is recorded with the confirmation, in order: written first, then confirmed.
    expect(row.deliveredAt).not.toBeNull();
    expect(row.confirmedAt! >= row.deliveredAt!).toBe(true);
  }
});

it('shows a written frame still waiting for its reply as delivered once the hold is over', async () => {
  const { harness, shown } = await setUp(50, { silent: true });
  const ids = harness.sendAppointments(todayClinicId(), 1);
  // The ack timeout is 30 s: only the hold can have told the screens, and the database, by now.
  await harness.waitFor(() => ids.every((id) => shown.get(id)?.at(-1) === 'delivered'), 'delivered');
  for (const id of ids) expect(shown.get(id)).toEqual(['queued', 'delivered']);
  expect(harness.rows().map((m) => [m.status, m.confirmedAt])).toEqual(ids.map(() => ['delivered', null]));
});
