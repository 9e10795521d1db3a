import { errorText, type Logger } from '../logger';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * One kind of record the gateway forgets after `days`: `prune` removes what is older than the cut-off
 * and returns counts for the log (e.g. `{ actions: 3 }`). Finished inbox rows, acknowledged events and
 * (when `storage.retention_days` is set) image files are the gateway's jobs; work still owed (pending
 * deliveries, unacknowledged events) is never pruned, however old.
 */
export interface RetentionJob {
  days: number;
  prune(before: Date): Record<string, number> | Promise<Record<string, number>>;
}

/** Runs every job now and then hourly; one failing job is logged and does not stop the others. */
export function startRetention(
  jobs: readonly RetentionJob[],
  log: Logger,
  everyMs = HOUR,
): { stop(): void; runOnce(): Promise<void> } {
  let running: Promise<void> | undefined;
  const runJobs = async (): Promise<void> => {
    const pruned: Record<string, number> = {};
    for (const job of jobs) {
      try {
        const counts = await job.prune(new Date(Date.now() - job.days * DAY));
        for (const [what, n] of Object.entries(counts)) pruned[what] = (pruned[what] ?? 0) + n;
      } catch (error) {
        log.error({ error: errorText(error) }, 'pruning failed');
      }
    }
    if (Object.values(pruned).some((n) => n > 0)) log.info(pruned, 'pruned old records');
  };
  // Never two runs at once: image pruning awaits file removals, and an hour is not a promise.
  const runOnce = (): Promise<void> =>
    (running ??= runJobs().finally(() => {
      running = undefined;
    }));
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  setImmediate(() => void runOnce());
  return { stop: () => clearInterval(timer), runOnce };
}
