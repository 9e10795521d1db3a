import { errorText, type Logger } from '../logger';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * One kind of record the gateway forgets after `days`: `prune` removes what is older than the cut-off
 * and returns counts for the log (e.g. `{ actions: 3 }`). Finished inbox rows, acknowledged events and
 * (when `storage.retention_days` is set) image files are the gateway's jobs; work still owed (pending
 * deliveries, unacknowledged events) is never pruned, however old. A long job should stop early when
 * `signal` is aborted (the gateway is stopping).
 */
export interface RetentionJob {
  name: string;
  days: number;
  prune(before: Date, signal: AbortSignal): Record<string, number> | Promise<Record<string, number>>;
}

export interface Retention {
  /** One run of every job, or the run already in progress. */
  runOnce(): Promise<void>;
  /** No further runs; aborts the one in progress and resolves when it has finished. */
  stop(): Promise<void>;
}

/** Runs every job at start and then hourly, one run at a time; a failing job does not stop the others. */
export function startRetention(jobs: readonly RetentionJob[], log: Logger, everyMs = HOUR): Retention {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const runJobs = async (): Promise<void> => {
    const pruned: Record<string, number> = {};
    for (const job of jobs) {
      if (stopping.signal.aborted) break;
      try {
        const counts = await job.prune(new Date(Date.now() - job.days * DAY), stopping.signal);
        for (const [what, n] of Object.entries(counts)) pruned[what] = (pruned[what] ?? 0) + n;
      } catch (error) {
        log.error({ job: job.name, error: errorText(error) }, 'pruning failed');
      }
    }
    if (Object.values(pruned).some((n) => n > 0)) log.info(pruned, 'pruned old records');
  };
  const runOnce = (): Promise<void> => {
    if (stopping.signal.aborted) return Promise.resolve();
    return (running ??= runJobs().finally(() => {
      running = undefined;
    }));
  };
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  const first = setImmediate(() => void runOnce());
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      clearImmediate(first);
      stopping.abort();
      await running;
    },
  };
}
