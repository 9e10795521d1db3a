import type { GatewayView } from '#shared/ipc/views';
import { emptyForm, type GatewayEditDetails, type GatewayFormValues } from './gateway-form';

/** Shared test data for the gateway form's unit tests. */
export const KEY = 'A'.repeat(43) + '=';
export const OTHER_KEY = 'B'.repeat(43) + '=';
export const providers = [
  { id: 'p-alpha', name: 'Alpha Hospital Trust', odsCode: 'RA1' },
  { id: 'p-beta', name: 'Beta Hospital Trust', odsCode: 'RB2' },
];

// A view from a host that does not send the edit details (they are optional to the form).
export const view: Omit<GatewayView, keyof GatewayEditDetails> = {
  id: 'g1',
  name: 'Alpha Hospital Trust gateway',
  providerName: 'Alpha Hospital Trust',
  profile: 'modality-link/1',
  relayAddress: 'wss://alpha.servicebus.windows.net',
  hybridConnection: 'alpha-gateway',
  keyEnrolled: true,
  connection: {
    state: 'ready',
    lastContactAt: null,
    lastRoundTripMs: null,
    lastError: null,
    failingPhase: null,
  },
  waiting: 0,
  failed: 0,
};

export function filledForm(): GatewayFormValues {
  return {
    ...emptyForm(providers),
    providerId: 'p-alpha',
    name: '  Alpha gateway ',
    relayAddress: ' sb://alpha.servicebus.windows.net ',
    hybridConnection: 'alpha-gateway',
    sendRuleName: 'app-send',
    sendKey: ` ${KEY}\n`,
    routes: [
      { key: 1, messageType: 'WORKLIST', destination: ' mwl ' },
      { key: 2, messageType: 'FHIR', destination: 'ris-fhir' },
    ],
    gatewayPublicKey: OTHER_KEY,
    modalityAeTitle: 'MG_ROOM_1',
  };
}
