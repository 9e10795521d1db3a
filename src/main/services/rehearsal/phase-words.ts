import type { FailingPhase } from '#shared/domain/message';
import type { RehearsalPhaseId } from '#shared/ipc/rehearsal';

/** Each step's name as staff read it on the Gateways screen and the clinic day. */
export const PHASE_NAMES: Record<RehearsalPhaseId, string> = {
  relay: 'Reach the gateway through the relay',
  worklist_item: 'Put a test participant on the worklist',
  worklist_query: 'Worklist query finds the test participant',
  procedure_started: 'Modality starts the test procedure',
  image_back: 'An image comes back',
  procedure_finished: 'Modality finishes the test procedure',
  cleanup: 'Remove the test participant',
};

/** The steps a modality (or the simulator) must take part in: not doing them in time is not a failure. */
export const OPTIONAL_PHASES: ReadonlySet<RehearsalPhaseId> = new Set([
  'procedure_started',
  'image_back',
  'procedure_finished',
]);

const CALL_IT = 'Call IT with this result.';

/** What to do when the gateway could not be reached, by how the connection failed. */
export function whatToDoForConnection(phase: FailingPhase): string {
  switch (phase) {
    case 'gateway_offline':
      return 'Check the gateway computer is switched on and its Modality Link service is running, then rehearse again.';
    case 'relay_unreachable':
      return 'Check this computer’s network connection, then rehearse again. If it still fails, call IT: the relay cannot be reached.';
    case 'credentials_rejected':
      return 'Call IT: the relay refused this workstation’s key. They need to check the send key and enrolment.';
    case 'ack_timeout':
      return 'The gateway did not answer in time. Ask IT to restart the gateway’s service, then rehearse again.';
    default:
      return CALL_IT;
  }
}

export const WHAT_TO_DO = {
  itemRefused: `The gateway refused the test participant. ${CALL_IT}`,
  notFound:
    'The gateway stored the test participant but its worklist did not return it. Call IT: the worklist service may be switched off or set up wrongly. Modalities would not see today’s participants.',
  queryFailed:
    'The gateway could not query its own worklist. Call IT: the worklist service may be switched off or set up wrongly.',
  cleanupFailed:
    'The test participant (TEST PATIENT on the modality, NHS number 999 999 9999) may still be on the worklist. Tell the radiographer not to select it, and call IT.',
  generic: CALL_IT,
} as const;
