/**
 * Callers waiting until the screens have been told what became of some messages (their outcome, or
 * their written frame once the screen hold is over), each for at most `withinMs`. A click's answer waits
 * here, so at idle it carries the confirmation and nothing of it runs between the frame and its reply
 * (ADR 0035).
 */
interface Waiter {
  left: Set<string>;
  finish: (allTold: boolean) => void;
}

export class OutcomeWaiters {
  private readonly byId = new Map<string, Set<Waiter>>();

  constructor(private readonly withinMs: number) {}

  /**
   * Resolves once every id has been told (with true), or after `withinMs` or a release (with false),
   * whichever comes first.
   */
  wait(ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        left: new Set(ids),
        finish: (allTold) => {
          clearTimeout(timer);
          for (const id of ids) {
            const waiters = this.byId.get(id);
            waiters?.delete(waiter);
            if (waiters?.size === 0) this.byId.delete(id);
          }
          resolve(allTold);
        },
      };
      const timer = setTimeout(() => waiter.finish(false), this.withinMs);
      for (const id of ids) this.byId.set(id, (this.byId.get(id) ?? new Set()).add(waiter));
    });
  }

  /** The screens have been told of these messages. */
  told(ids: Iterable<string>): void {
    for (const id of ids) {
      for (const waiter of [...(this.byId.get(id) ?? [])]) {
        waiter.left.delete(id);
        if (waiter.left.size === 0) waiter.finish(true);
      }
    }
  }

  /** Lets every waiter go (the dispatcher is stopping). */
  releaseAll(): void {
    for (const waiters of [...this.byId.values()]) for (const waiter of [...waiters]) waiter.finish(false);
  }
}
