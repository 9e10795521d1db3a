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
 * Group commit: every batch submitted in the same turn of the event loop (all actions of a frame, and
 * frames from several sessions that finished verifying together) is applied in ONE transaction, so a
 * burst of N actions costs one fsync instead of N with synchronous=FULL. Each action runs in its own
 * savepoint, so one failing action is answered with an error without undoing its neighbours.
 * Promises resolve only after COMMIT returned: a reply is never sent for an action that is not durable.
 */
export class CommitQueue {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly applyAll: (jobs: Job[]) => Reply[][];
  readonly stats: CommitStats = { commits: 0, actions: 0 };

  constructor(
    db: Db,
    apply: (pending: PendingAction) => Reply,
    private readonly log: Logger,
    private readonly onCommitted: (count: number) => void = () => undefined,
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

  submit(items: PendingAction[]): Promise<Reply[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.queue.push({ items, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
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

function internalError(item: PendingAction, message: string): Reply {
  return { status: 'error', action_id: item.action.action_id, code: 'internal', message, retryable: true };
}
