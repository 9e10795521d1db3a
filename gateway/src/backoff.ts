/**
 * Exponential backoff with full jitter (a uniformly random delay up to the exponential cap), so many
 * gateways or deliveries failing together do not retry in lockstep. `attempt` counts from 1.
 */
export function fullJitterDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * cap);
}
