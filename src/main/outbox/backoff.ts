import { fullJitterDelay } from 'modality-link-protocol';

/**
 * When to try a message again. Exponential backoff with full jitter (a random delay between zero and
 * the capped exponential), so workstations that lost the same gateway do not all come back at the same
 * instant. Attempts only lengthen the delay, never stop the retries: a message for a clinic appointment
 * is given up on only when the appointment can no longer be imaged (see `expiryCutoff`).
 */
export interface BackoffPolicy {
  baseMs: number;
  /** Longest wait while the message's clinic day is still running: staff are waiting for it. */
  capMs: number;
  /** Longest wait once the clinic day is over and before the message expires. */
  afterDayCapMs: number;
  /**
   * How long after the end of its clinic day a message is still worth delivering: a clinic that runs
   * past midnight, or a workstation that comes back the next morning, still gets its orders through.
   */
  expiresAfterDayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  capMs: 30_000,
  afterDayCapMs: 5 * 60_000,
  expiresAfterDayMs: 24 * 60 * 60_000,
};

/** The message's next delay: the shared full-jitter schedule, capped by where its clinic day stands. */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  options: { random?: () => number; clinicDayOver?: boolean } = {},
): number {
  const cap = options.clinicDayOver ? policy.afterDayCapMs : policy.capMs;
  return fullJitterDelay(attempt, policy.baseMs, cap, options.random);
}

/** Messages whose clinic day ended before this instant can no longer help the appointment. */
export function expiryCutoff(policy: BackoffPolicy, now: Date): string {
  return new Date(now.getTime() - policy.expiresAfterDayMs).toISOString();
}
