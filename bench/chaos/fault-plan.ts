import { seededRandom } from '../../src/main/db/seed/participant-generator';
import type { ChaosConfig } from './chaos-config';
import { sleep } from './clinic-sender';
import type { SupervisedProcess } from './supervised-process';

/**
 * The faults of a chaos run: each process is killed with SIGKILL every `killMinS`–`killMaxS` seconds and
 * restarted after `restartMinS`–`restartMaxS`; one relay outage (killed, kept down) and, after it, one
 * gateway freeze (SIGSTOP … SIGCONT). A process taken by the outage or the freeze is not also killed at
 * random meanwhile, so each fault is the one it claims to be.
 */
export interface FaultTally {
  kills: Record<string, number>;
  /** Starts that failed (the process exited before its ready line) and were tried again. */
  failedStarts: number;
  outages: number;
  freezes: number;
  /** Epoch ms when the last fault was over and every process was up again. */
  lastFaultEndedAt: number;
  /** One line per fault, for the log. */
  events: string[];
}

/** One process's turn-taking between its random killer and the scheduled outage or freeze. */
class Lane {
  busy = false;
  constructor(readonly process: SupervisedProcess) {}

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.busy) await sleep(50);
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }
}

export async function startWithRetries(proc: SupervisedProcess, tally: FaultTally): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await proc.start();
      return;
    } catch (error) {
      tally.failedStarts++;
      tally.events.push(
        `${proc.spec.name}: start ${tries} failed: ${(error as Error).message.split('\n')[0]}`,
      );
      if (tries >= 5) throw error;
      await sleep(1000);
    }
  }
}

export async function runFaults(
  processes: SupervisedProcess[],
  config: ChaosConfig,
  sending: () => 'running' | 'done' | 'failed',
  log: (line: string) => void = () => {},
): Promise<FaultTally> {
  const started = Date.now();
  const tally: FaultTally = {
    kills: Object.fromEntries(processes.map((p) => [p.spec.name, 0])),
    failedStarts: 0,
    outages: 0,
    freezes: 0,
    lastFaultEndedAt: started,
    events: [],
  };
  const note = (line: string) => {
    const text = `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`;
    tally.events.push(text);
    log(text);
  };
  const lanes = new Map(processes.map((p) => [p.spec.name, new Lane(p)]));
  const plan = seededRandom(config.seed);
  const between = (random: () => number, min: number, max: number) => (min + random() * (max - min)) * 1000;

  const outageAt = config.relayOutageS > 0 ? between(plan, 0.05, 0.15) * config.durationS : 0;
  const freezeAt =
    config.relayOutageS > 0
      ? outageAt + config.relayOutageS * 1000 + between(plan, 3, 10)
      : between(plan, 0.05, 0.15) * config.durationS;
  let scheduledDone = false;
  // Set when any part fails, so the other loops stop restarting processes the caller is about to kill.
  let aborted = false;
  const stopping = () => aborted || sending() === 'failed';
  const over = () =>
    stopping() || (Date.now() - started >= config.durationS * 1000 && scheduledDone && sending() === 'done');
  /** A sleep that ends early when the run is stopping, and says whether the run may go on. */
  const wait = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until && !stopping()) await sleep(Math.min(100, until - Date.now()));
    return !stopping();
  };

  const killer = async (lane: Lane, index: number) => {
    const random = seededRandom(config.seed + 1 + index);
    const name = lane.process.spec.name;
    for (;;) {
      const wakeAt = Date.now() + between(random, config.killMinS, config.killMaxS);
      while (Date.now() < wakeAt && !over()) await sleep(100);
      if (over()) return;
      if (lane.busy) continue;
      await lane.exclusive(async () => {
        await lane.process.signal('SIGKILL');
        tally.kills[name]!++;
        note(`kill -9 ${name}`);
        if (!(await wait(between(random, config.restartMinS, config.restartMaxS)))) return;
        await startWithRetries(lane.process, tally);
        note(`${name} back`);
      });
    }
  };

  const scheduled = async () => {
    const relay = lanes.get('relay');
    if (relay && config.relayOutageS > 0) {
      if (!(await wait(started + outageAt - Date.now()))) return;
      await relay.exclusive(async () => {
        await relay.process.signal('SIGKILL');
        tally.outages++;
        note(`relay outage: down for ${config.relayOutageS} s`);
        if (!(await wait(config.relayOutageS * 1000))) return;
        await startWithRetries(relay.process, tally);
        note('relay outage over');
      });
    }
    const gateway = lanes.get('gateway');
    if (gateway && config.gatewayFreezeS > 0) {
      if (!(await wait(started + freezeAt - Date.now()))) return;
      await gateway.exclusive(async () => {
        await gateway.process.signal('SIGSTOP');
        tally.freezes++;
        note(`gateway frozen (SIGSTOP) for ${config.gatewayFreezeS} s`);
        await wait(config.gatewayFreezeS * 1000);
        await gateway.process.signal('SIGCONT');
        note('gateway thawed (SIGCONT)');
      });
    }
    scheduledDone = true;
  };

  const parts = [scheduled(), ...[...lanes.values()].map((lane, i) => killer(lane, i))].map((part) =>
    part.catch((error: unknown) => {
      aborted = true;
      throw error;
    }),
  );
  const results = await Promise.allSettled(parts);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  tally.lastFaultEndedAt = Date.now();
  note('faults over: every process up');
  return tally;
}
