/**
 * How much of a benchmark's wall time was the machine's, not the gateway's. The bench machine is shared
 * (2 cores, other builds and benches running): a thread that is ready to run can wait for a CPU as long
 * as it runs, and every wall-clock figure grows with it, old code and new alike. Linux's scheduler
 * statistics for one thread (`/proc/.../schedstat`: ns on a CPU, ns runnable but waiting for one) tell
 * the two apart, so a bench can print them beside its figures. Undefined where there is no procfs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface SchedTime {
  onCpuMs: number;
  waitMs: number;
}

function readSchedstat(file: string): SchedTime {
  const [onCpu, wait] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  if (!Number.isFinite(onCpu) || !Number.isFinite(wait)) throw new Error(`${file}: unexpected format`);
  return { onCpuMs: onCpu! / 1e6, waitMs: wait! / 1e6 };
}

/**
 * Every thread of process `pid` added up (node's thread pool verifies signatures, so the main thread
 * alone would miss work), or the calling thread alone when no pid is given.
 */
export function schedTime(pid?: number): SchedTime | undefined {
  try {
    if (pid === undefined) return readSchedstat('/proc/thread-self/schedstat');
    const total = { onCpuMs: 0, waitMs: 0 };
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const t = readSchedstat(`/proc/${pid}/task/${task}/schedstat`);
      total.onCpuMs += t.onCpuMs;
      total.waitMs += t.waitMs;
    }
    return total;
  } catch {
    return undefined;
  }
}

/** `later - earlier`, or undefined when either reading is missing. */
export function schedSince(
  earlier: SchedTime | undefined,
  later: SchedTime | undefined,
): SchedTime | undefined {
  if (!earlier || !later) return undefined;
  return { onCpuMs: later.onCpuMs - earlier.onCpuMs, waitMs: later.waitMs - earlier.waitMs };
}

/** "load average 7.2 on 2 cores": how busy the machine was while the figures above were taken. */
export function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}
