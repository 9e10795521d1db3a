import { randomBytes } from 'node:crypto';
import type { GatewayProfile } from '#shared/domain/message';
import type { RehearsalPhase, RehearsalPhaseId } from '#shared/ipc/rehearsal';
import { profileCapabilities, type WireActionType } from 'modality-link-protocol';
import type { ActionResult } from '../../relay/send-action';
import { OPTIONAL_PHASES, PHASE_NAMES, WHAT_TO_DO, whatToDoForConnection } from './phase-words';

/** What a rehearsal needs from the world: the gateway's channel, its events, a clock. */
export interface RehearsalPorts {
  profile: GatewayProfile;
  /** The relay step: an echo, or a bare connection where the protocol has no echo. */
  reachGateway(): Promise<ActionResult>;
  send(actionType: WireActionType, parameters: Record<string, unknown>): Promise<ActionResult>;
  /** Resolves true once one of these event types has arrived for the accession, false at the deadline. */
  eventArrived(accession: string, eventTypes: readonly string[], deadline: number): Promise<boolean>;
  /** How long the modality has for its steps, from the moment the worklist query found the item. */
  waitSeconds: number;
  /** Milliseconds on a monotonic clock. */
  clock(): number;
}

/** A test accession: `TST` and 12 random hex digits, never one the app gives an appointment. */
export function newTestAccession(): string {
  return `TST${randomBytes(6).toString('hex').toUpperCase()}`;
}

const STARTED = ['procedure.in_progress', 'study.image_received'] as const;
const IMAGE = ['study.image_received'] as const;
const FINISHED = ['procedure.completed', 'procedure.discontinued'] as const;

/**
 * Runs the rehearsal's steps in order and returns every step's result: relay, test item, the gateway's
 * own C-FIND, then (optional) the modality's MPPS and image, then removal. A failed step is named with
 * what to do; later steps say they were not tried. The test item is removed whenever its creation was
 * sent, even after a failure, so no test participant is left for a modality to pick.
 */
export async function runRehearsal(ports: RehearsalPorts): Promise<RehearsalPhase[]> {
  const phases: RehearsalPhase[] = [];
  const record: RecordStep = (phase, status, message, extra = {}) =>
    void phases.push({
      phase,
      name: PHASE_NAMES[phase],
      status,
      ms: extra.ms === undefined || extra.ms === null ? null : Math.round(extra.ms),
      message,
      whatToDo: extra.whatToDo ?? null,
      optional: OPTIONAL_PHASES.has(phase),
    });
  const skipRest = (message: string, from: readonly RehearsalPhaseId[]) =>
    from.forEach((phase) => record(phase, 'skipped', message));

  const relay = await timed(ports, () => ports.reachGateway());
  if (relay.result.failure || relay.result.reply?.status === 'error') {
    const failure = relay.result.failure;
    record('relay', 'failed', failure?.message ?? answeredWithError(relay.result), {
      whatToDo: failure ? whatToDoForConnection(failure.phase) : WHAT_TO_DO.generic,
    });
    skipRest('Not tried: the gateway could not be reached.', LOOP);
    return phases;
  }
  record('relay', 'passed', 'The gateway answered through the relay.', { ms: relay.ms });

  const loop = profileCapabilities(ports.profile).rehearsal;
  if (!loop.available) {
    for (const phase of LOOP)
      record(phase, 'not_available', `Not available on this protocol: ${loop.reason}.`);
    return phases;
  }

  const accession = newTestAccession();
  const item = { worklist_item: { accession_number: accession } };
  const created = await timed(ports, () => ports.send('worklist.create_test_item', item));
  if (!isOk(created.result)) {
    record('worklist_item', 'failed', problem(created.result), { whatToDo: WHAT_TO_DO.itemRefused });
    skipRest('Not tried: the test participant did not reach the worklist.', [
      'worklist_query',
      ...MODALITY_STEPS,
    ]);
  } else {
    record('worklist_item', 'passed', 'The gateway put the test participant on its worklist.', {
      ms: created.ms,
    });
    if (await verify(ports, accession, record)) await awaitModality(ports, accession, record);
    else skipRest('Not tried: the worklist query did not find the test participant.', MODALITY_STEPS);
  }

  const removed = await timed(ports, () => ports.send('worklist.remove_test_item', item));
  const reply = removed.result.reply;
  if (isOk(removed.result))
    record('cleanup', 'passed', 'The test participant is off the worklist.', { ms: removed.ms });
  else if (reply?.status === 'error' && reply.code === 'not_found')
    record('cleanup', 'passed', 'Nothing was left on the worklist.', { ms: removed.ms });
  else record('cleanup', 'failed', problem(removed.result), { whatToDo: WHAT_TO_DO.cleanupFailed });
  return phases;
}

const MODALITY_STEPS: readonly RehearsalPhaseId[] = ['procedure_started', 'image_back', 'procedure_finished'];
const LOOP: readonly RehearsalPhaseId[] = ['worklist_item', 'worklist_query', ...MODALITY_STEPS, 'cleanup'];

type RecordStep = (
  phase: RehearsalPhaseId,
  status: RehearsalPhase['status'],
  message: string,
  extra?: { ms?: number | null; whatToDo?: string },
) => void;

async function verify(ports: RehearsalPorts, accession: string, record: RecordStep): Promise<boolean> {
  const verified = await timed(ports, () =>
    ports.send('worklist.verify_item', { worklist_item: { accession_number: accession } }),
  );
  const reply = verified.result.reply;
  if (isOk(verified.result) && reply?.status === 'verified') {
    if (reply.found) {
      record(
        'worklist_query',
        'passed',
        'The gateway’s worklist query (C-FIND) returned the test participant.',
        {
          ms: reply.query_ms,
        },
      );
      return true;
    }
    record(
      'worklist_query',
      'failed',
      'The gateway’s worklist query (C-FIND) did not return the test participant.',
      {
        ms: reply.query_ms,
        whatToDo: WHAT_TO_DO.notFound,
      },
    );
    return false;
  }
  record('worklist_query', 'failed', problem(verified.result), { whatToDo: WHAT_TO_DO.queryFailed });
  return false;
}

/** The modality's steps, all within one budget: a modality that is not there costs the wait once. */
async function awaitModality(ports: RehearsalPorts, accession: string, record: RecordStep): Promise<void> {
  const started = ports.clock();
  const deadline = started + ports.waitSeconds * 1000;
  const notDone = `Not performed by the modality within ${ports.waitSeconds} s (optional).`;
  const steps: Array<[RehearsalPhaseId, readonly string[], string]> = [
    ['procedure_started', STARTED, 'The modality started the test procedure.'],
    ['image_back', IMAGE, 'An image of the test participant came back.'],
    ['procedure_finished', FINISHED, 'The modality finished the test procedure.'],
  ];
  let missed = false;
  for (const [phase, types, passed] of steps) {
    if (!missed && (await ports.eventArrived(accession, types, deadline)))
      record(phase, 'passed', passed, { ms: ports.clock() - started });
    else {
      missed = true;
      record(phase, 'skipped', notDone);
    }
  }
}

async function timed(ports: RehearsalPorts, run: () => Promise<ActionResult>) {
  const started = ports.clock();
  const result = await run();
  return { result, ms: result.roundTripMs ?? ports.clock() - started };
}

const isOk = (result: ActionResult): boolean =>
  !result.failure && result.reply !== null && result.reply.status !== 'error';

function answeredWithError(result: ActionResult): string {
  return result.reply?.status === 'error'
    ? `The gateway answered with an error: ${result.reply.message}`
    : '';
}

/** Why an action did not succeed, in the gateway's or the connection's words. */
function problem(result: ActionResult): string {
  if (result.failure) return result.failure.message;
  return answeredWithError(result) || 'The gateway gave no answer.';
}
