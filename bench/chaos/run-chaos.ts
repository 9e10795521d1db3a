import fs from 'node:fs';
import type { ChaosConfig } from './chaos-config';
import { prepareChaosWorld, type ChaosWorld } from './chaos-setup';
import { ClinicSender } from './clinic-sender';
import { runFaults, startWithRetries, type FaultTally } from './fault-plan';
import { measure, queryWorklist, type Measurements } from './measure';
import { settle, type SettleResult } from './settle';
import { killEveryChild } from './supervised-process';

export interface ChaosResult {
  config: ChaosConfig;
  faults: FaultTally;
  settle: SettleResult;
  figures: Measurements;
  /** The run's folder (databases, drop folders, logs/); removed unless `keep`. */
  root: string;
}

/**
 * One chaos run, start to finish: set up, start the three processes, send the clinic while the faults
 * run, settle, query the worklist with findscu, stop everything cleanly and measure. Whatever happens,
 * every process it started is gone when it returns or throws.
 */
export async function runChaos(
  config: ChaosConfig,
  log: (line: string) => void = () => {},
): Promise<ChaosResult> {
  let world: ChaosWorld | undefined;
  let finished = false;
  try {
    world = await prepareChaosWorld({ appointments: config.appointments, seed: config.seed });
    log(`chaos: folder ${world.root}`);
    const startTally: FaultTally = {
      kills: {},
      failedStarts: 0,
      outages: 0,
      freezes: 0,
      lastFaultEndedAt: 0,
      events: [],
    };
    await startWithRetries(world.relay, startTally);
    await startWithRetries(world.gateway, startTally);

    const sender = new ClinicSender(world.app);
    let sending: 'running' | 'done' | 'failed' = 'running';
    const sent = sender.sendAll(world.appointmentIds, config.sendSpread * config.durationS * 1000).then(
      () => {
        sending = 'done';
        log(`chaos: all ${world!.appointmentIds.length} appointments sent`);
      },
      (error: unknown) => {
        sending = 'failed';
        throw error;
      },
    );
    const faultsRun = runFaults([world.relay, world.gateway, world.app], config, () => sending, log);
    // Both settle before anything is judged, so no loop is still starting processes after a failure.
    const [faultsDone, sentDone] = await Promise.allSettled([faultsRun, sent]);
    if (sentDone.status === 'rejected') throw sentDone.reason;
    if (faultsDone.status === 'rejected') throw faultsDone.reason;
    const faults = faultsDone.value;
    faults.failedStarts += startTally.failedStarts;

    const settled = await settle({
      appDb: world.appDb,
      gatewayDb: world.gatewayDb,
      clinicId: world.clinicId,
      lastFaultEndedAt: faults.lastFaultEndedAt,
      settleS: config.settleS,
      log,
    });
    // The app stops first: with messages still due it would go on adding worklist items after the
    // query, and the query must see what the databases will show.
    await world.app.stop();
    const worklistAccessions = await queryWorklist(world.worklist);
    await world.gateway.stop();
    await world.relay.stop();
    const figures = measure({
      appDb: world.appDb,
      gatewayDb: world.gatewayDb,
      dropDirs: world.dropDirs,
      clinicId: world.clinicId,
      acceptedMessageIds: sender.tally.acceptedMessageIds,
      worklistAccessions,
    });
    finished = true;
    return { config, faults, settle: settled, figures, root: world.root };
  } catch (error) {
    if (world) log(`chaos: failed; logs kept in ${world.root}/logs`);
    throw error;
  } finally {
    killEveryChild();
    // A failed run keeps its folder: the logs are the only account of what went wrong.
    if (world && finished && !config.keep) fs.rmSync(world.root, { recursive: true, force: true });
  }
}
