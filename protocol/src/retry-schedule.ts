/**
 * Exponential backoff with full jitter: a uniformly random delay between zero and the capped
 * exponential, so many workstations or gateways that lost the same peer do not retry in lockstep.
 * `attempt` counts from 1 (attempt 1 waits up to `initialMs`). Both ends use it: the app's outbox for
 * messages, the gateway for deliveries and its relay listener. Each side's own policy (the app's clinic
 * day caps and expiry, the gateway's config bounds) stays with that side.
 */
export function fullJitterDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  // Past 2 ** 60 the exponent is irrelevant to any cap, and clamping keeps the product finite (not NaN).
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(60, Math.max(0, attempt - 1)));
  return Math.floor(random() * ceiling);
}
