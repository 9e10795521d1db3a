import { expect, it } from 'vitest';
import { OutcomeWaiters } from './outcome-waiters';

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

it('lets a waiter go once every one of its messages has been told, not before', async () => {
  const waiters = new OutcomeWaiters(60_000);
  const answer = waiters.wait(['a', 'b']);
  waiters.told(['a', 'x']);
  expect(await settled(answer)).toBe(false);
  waiters.told(['b']);
  expect(await settled(answer)).toBe(true);
  expect(await answer).toBe(true); // told
});

it('lets every waiter on a message go, and a waiter with nothing to wait for at once', async () => {
  const waiters = new OutcomeWaiters(60_000);
  const first = waiters.wait(['a']);
  const second = waiters.wait(['a', 'b']);
  waiters.told(['a', 'b']);
  expect([await settled(first), await settled(second), await settled(waiters.wait([]))]).toEqual([
    true,
    true,
    true,
  ]);
});

it('lets a waiter go after its time even if nothing is told, and all of them when released', async () => {
  const waiters = new OutcomeWaiters(20);
  const untold = waiters.wait(['never']);
  expect(await settled(untold)).toBe(false);
  expect(await untold).toBe(false); // after its 20 ms, with nothing told
  const held = new OutcomeWaiters(60_000);
  const answer = held.wait(['c']);
  held.releaseAll();
  expect(await settled(answer)).toBe(true);
  expect(await answer).toBe(false); // released, not told
});
