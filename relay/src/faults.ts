/** Fault switches that the relay consults on each connect; the actions that act at once live in the server. */
export class FaultState {
  private delayMs = 0;
  private swallowRemaining = 0;
  private failNext: { status: number; description: string | undefined } | undefined;

  delayAccepts(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('delay must be a non-negative number of milliseconds');
    this.delayMs = ms;
  }

  swallowAccepts(count = Number.POSITIVE_INFINITY): void {
    if (!(count >= 0)) throw new RangeError('count must be non-negative');
    this.swallowRemaining = count;
  }

  failNextConnect(status: number, description?: string): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError('status must be an HTTP error status (400-599)');
    }
    this.failNext = { status, description };
  }

  takeFailNext(): { status: number; description: string | undefined } | undefined {
    const f = this.failNext;
    this.failNext = undefined;
    return f;
  }

  /** What to do with the next accept notification: swallow it, or send it after `delayMs`. */
  nextAccept(): { swallow: true } | { swallow: false; delayMs: number } {
    if (this.swallowRemaining > 0) {
      this.swallowRemaining -= 1;
      return { swallow: true };
    }
    return { swallow: false, delayMs: this.delayMs };
  }

  reset(): void {
    this.delayMs = 0;
    this.swallowRemaining = 0;
    this.failNext = undefined;
  }
}
