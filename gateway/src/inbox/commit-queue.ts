import type { Db } from '../db/open';
import { errorText, type Logger } from '../logger';
import type { Reply } from 'modality-link-protocol';
import type { PendingAction } from './action-applier';

interface Job {
  items: PendingAction[];
  resolve(replies: Reply[]): void;
}

export interface CommitStats {
  commits: number;
  actions: number;
}

/**
 * How long the queue must have gone without a commit before a lone frame commits without waiting a
 * turn. Under load, waiting the turn is what lets a burst's frames bunch: every frame the loop reads in
 * one poll phase joins one commit, the replies go out together and the sender's next frames come back
 * together. Committing the first frame of such a wave at once splits it, and split waves stay split:
 * with "quiet" meaning one or two turns, or 20 ms, without a commit, the gateway bench's bursts settled
 * into commits of 2–3 frames instead of 16 and lost up to a third of their throughput (ADR 0032).
 * 100 ms kept them bunching; a clinic's sends are ~300 ms apart.
 */
export const QUIET_MS = 100;

/**
 * A frame received and on its way to the queue (verifying, or behind an earlier frame of its session).
 * `done()` once it has submitted, or will not (refused, nothing to commit, session closed); repeats are
 * ignored, so every exit of a frame's path can call it.
 */
export interface ExpectedFrame {
  done(): void;
}

/**
 * Group commit: every batch submitted in the same turn of the event loop (all actions of a frame, and
 * frames from several sessions that finished verifying together) is applied in ONE transaction, so a
 * burst of N actions costs one fsync instead of N with synchronous=FULL. Each action runs in its own
 * savepoint, so one failing action is answered with an error without undoing its neighbours.
 * Promises resolve only after COMMIT returned: a reply is never sent for an action that is not durable.
 *
 * When the commit runs (ADR 0032): sessions announce each actions frame as it is received (`expect`)
 * and submit with that announcement. If no announced frame is still on its way and no commit
 * returned in the last `QUIET_MS` (the gateway was idle), the batch commits in a microtask, in the
 * same turn: a lone frame does not wait a turn for company that is not coming.
 * Otherwise it commits on the next turn (`setImmediate`) as under load, so frames arriving in the same
 * turn (several in one socket read, several sessions) still share one transaction. Unannounced
 * submits (the compat profiles) always take the next turn.
 */
export class CommitQueue {
  private queue: Job[] = [];
  /** Announced frames not yet submitted (nor given up). */
  private onTheirWay = 0;
  /** When the last commit returned (the clock's ms); a lone frame commits at once only after a quiet spell. */
  private lastCommitAt = -Infinity;
  /** In a microtask: this turn, once the submitting frame's synchronous work is done. */
  private readonly soon = onceDeferred(queueMicrotask, () => this.flush());
  private readonly onNextTurn = onceDeferred(setImmediate, () => this.flush());
  private readonly applyAll: (jobs: Job[]) => Reply[][];
  readonly stats: CommitStats = { commits: 0, actions: 0 };

  constructor(
    db: Db,
    apply: (pending: PendingAction) => Reply,
    private readonly log: Logger,
    private readonly onCommitted: (count: number) => void = () => undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    const one = db.transaction(apply);
    this.applyAll = db.transaction((jobs: Job[]) =>
      jobs.map((job) =>
        job.items.map((item) => {
          try {
            return one(item);
          } catch (error) {
            this.log.error(
              {
                actionId: item.action.action_id,
                actionType: item.action.action_type,
                error: errorText(error),
              },
              'action failed',
            );
            return internalError(item, 'The gateway could not store this action; send it again.');
          }
        }),
      ),
    );
  }

  /** Announces a frame received: until its `done()`, other submits wait a turn so it can join them. */
  expect(): ExpectedFrame {
    this.onTheirWay += 1;
    let open = true;
    return {
      done: () => {
        if (!open) return;
        open = false;
        this.onTheirWay -= 1;
        this.schedule();
      },
    };
  }

  /** `expected`: the announcement of the frame these items come from, settled here. */
  submit(items: PendingAction[], expected?: ExpectedFrame): Promise<Reply[]> {
    if (items.length === 0) {
      expected?.done();
      return Promise.resolve([]);
    }
    return new Promise((resolve) => {
      this.queue.push({ items, resolve });
      if (!expected) return this.onNextTurn();
      expected.done();
      this.schedule(); // also when `expected` was already settled: the job must never be left unscheduled
    });
  }

  private schedule(): void {
    if (this.queue.length === 0) return;
    if (this.onTheirWay === 0 && this.clock() - this.lastCommitAt >= QUIET_MS) this.soon();
    else this.onNextTurn();
  }

  private flush(): void {
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    let results: Reply[][];
    try {
      results = this.applyAll(jobs);
      this.stats.commits += 1;
      const count = jobs.reduce((n, j) => n + j.items.length, 0);
      this.stats.actions += count;
      this.log.debug({ frames: jobs.length, actions: count }, 'group commit');
      this.safeNotify(count);
    } catch (error) {
      // The COMMIT itself failed (disk full, I/O error): nothing of this batch is durable, say so.
      this.log.error({ frames: jobs.length, error: errorText(error) }, 'group commit failed');
      results = jobs.map((job) =>
        job.items.map((item) => internalError(item, 'The gateway could not commit; send it again.')),
      );
    }
    this.lastCommitAt = this.clock();
    jobs.forEach((job, i) => job.resolve(results[i] ?? []));
  }

  private safeNotify(count: number): void {
    try {
      this.onCommitted(count);
    } catch (error) {
      this.log.error({ error: errorText(error) }, 'commit listener failed');
    }
  }
}

/** `run`, deferred by `defer`; calls before it has run join that one run. */
function onceDeferred(defer: (callback: () => void) => unknown, run: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    defer(() => {
      pending = false;
      run();
    });
  };
}

function internalError(item: PendingAction, message: string): Reply {
  return { status: 'error', action_id: item.action.action_id, code: 'internal', message, retryable: true };
}
