import { describe, expect, it } from 'vitest';
import { GATEWAY_PROFILES, MESSAGE_TYPES } from '../../../shared/domain/message';
import { gatewayDraftSchema } from '../../../shared/ipc/gateway-setup';
import type { GatewayView } from '../../../shared/ipc/views';
import {
  ADD_ROUTE_ID,
  addRoute,
  buildDraft,
  checkBeforeSave,
  draftFieldErrors,
  emptyForm,
  errorSummaryItems,
  errorsFromFailure,
  focusAfterRemove,
  formFromView,
  hasErrors,
  NEW_GATEWAY_CONTEXT,
  NO_ERRORS,
  PROFILE_OPTIONS,
  PUBLIC_KEY_NEEDED_AGAIN,
  relayAddressForForm,
  removeRoute,
  ROUTE_TYPE_LABELS,
  routeFieldId,
  suggestedTrustName,
  trustCommand,
  updateRoute,
  withoutRoute,
  type GatewayFormContext,
  type GatewayEditDetails,
  type GatewayFormValues,
} from './gateway-form';

const KEY = 'A'.repeat(43) + '=';
const OTHER_KEY = 'B'.repeat(43) + '=';
const providers = [
  { id: 'p-alpha', name: 'Alpha Hospital Trust', odsCode: 'RA1' },
  { id: 'p-beta', name: 'Beta Hospital Trust', odsCode: 'RB2' },
];

// A view from a host that does not send the edit details (they are optional to the form).
const view: Omit<GatewayView, keyof GatewayEditDetails> = {
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

function filledForm(): GatewayFormValues {
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

describe('emptyForm', () => {
  it('starts with our protocol, one worklist route and no provider unless there is only one', () => {
    const values = emptyForm(providers);
    expect(values.providerId).toBe('');
    expect(values.profile).toBe('modality-link/1');
    expect(values.routes).toEqual([{ key: 1, messageType: 'WORKLIST', destination: '' }]);
    expect(values.sendKey).toBe('');
    expect(values.makeDefault).toBe(false);
    expect(emptyForm(providers.slice(0, 1)).providerId).toBe('p-alpha');
    expect(emptyForm([]).providerId).toBe('');
  });
});

describe('relayAddressForForm', () => {
  it('shows a stored Azure namespace as the portal does', () => {
    expect(relayAddressForForm('wss://alpha.servicebus.windows.net')).toBe(
      'sb://alpha.servicebus.windows.net',
    );
    expect(relayAddressForForm('wss://alpha.servicebus.windows.net/')).toBe(
      'sb://alpha.servicebus.windows.net',
    );
  });

  it('leaves local relays and addresses with a port as they are', () => {
    expect(relayAddressForForm('ws://127.0.0.1:47653')).toBe('ws://127.0.0.1:47653');
    expect(relayAddressForForm('wss://relay.example:8443')).toBe('wss://relay.example:8443');
  });
});

describe('formFromView', () => {
  it('fills in what the view carries and marks the rest as unknown', () => {
    const { values, context } = formFromView(view, providers);
    expect(values).toMatchObject({
      providerId: 'p-alpha',
      name: 'Alpha Hospital Trust gateway',
      relayAddress: 'sb://alpha.servicebus.windows.net',
      hybridConnection: 'alpha-gateway',
      profile: 'modality-link/1',
      sendRuleName: '',
      sendKey: '',
      gatewayPublicKey: '',
      modalityAeTitle: '',
      makeDefault: false,
      routes: [{ key: 1, messageType: 'WORKLIST', destination: '' }],
    });
    expect(context.gatewayId).toBe('g1');
    expect(context.keyEnrolled).toBe(true);
    expect(context.wasDefault).toBeNull();
    expect([...context.unknown].sort()).toEqual([
      'gatewayPublicKey',
      'isDefault',
      'modalityAeTitle',
      'routes',
      'sendRuleName',
    ]);
  });

  it('leaves the provider unchosen when its name is not one unique provider', () => {
    const twins = [...providers, { id: 'p-alpha-2', name: 'Alpha Hospital Trust', odsCode: 'RA2' }];
    expect(formFromView(view, twins).values.providerId).toBe('');
    expect(formFromView({ ...view, providerName: 'Gone' }, providers).values.providerId).toBe('');
  });

  it('uses the settings main adds to the view, when it sends them', () => {
    const { values, context } = formFromView(
      {
        ...view,
        providerId: 'p-beta',
        sendRuleName: 'app-send',
        routes: [
          { messageType: 'WORKLIST', destination: 'mwl' },
          { messageType: 'HL7v2', destination: 'tie-hl7' },
        ],
        gatewayPublicKey: OTHER_KEY,
        modalityAeTitle: null,
        isDefault: true,
      },
      providers,
    );
    expect(values.providerId).toBe('p-beta');
    expect(values.sendRuleName).toBe('app-send');
    expect(values.routes).toEqual([
      { key: 1, messageType: 'WORKLIST', destination: 'mwl' },
      { key: 2, messageType: 'HL7v2', destination: 'tie-hl7' },
    ]);
    expect(values.gatewayPublicKey).toBe(OTHER_KEY);
    expect(values.modalityAeTitle).toBe('');
    expect(values.makeDefault).toBe(true);
    expect(context.unknown.size).toBe(0);
    expect(context.wasDefault).toBe(true);
  });
});

describe('buildDraft', () => {
  it('trims, and the result is a valid draft for main', () => {
    const draft = buildDraft(filledForm(), NEW_GATEWAY_CONTEXT);
    expect(draft).toEqual({
      providerId: 'p-alpha',
      name: 'Alpha gateway',
      relayAddress: 'sb://alpha.servicebus.windows.net',
      hybridConnection: 'alpha-gateway',
      sendRuleName: 'app-send',
      sendKey: KEY,
      profile: 'modality-link/1',
      routes: [
        { messageType: 'WORKLIST', destination: 'mwl' },
        { messageType: 'FHIR', destination: 'ris-fhir' },
      ],
      gatewayPublicKey: OTHER_KEY,
      modalityAeTitle: 'MG_ROOM_1',
    });
    expect(gatewayDraftSchema.safeParse(draft).success).toBe(true);
  });

  it('leaves blank optional settings out rather than sending empty strings', () => {
    const draft = buildDraft(
      { ...filledForm(), sendKey: '  ', gatewayPublicKey: '', modalityAeTitle: ' ' },
      NEW_GATEWAY_CONTEXT,
    );
    expect(draft).not.toHaveProperty('sendKey');
    expect(draft).not.toHaveProperty('gatewayPublicKey');
    expect(draft).not.toHaveProperty('modalityAeTitle');
    expect(draft).not.toHaveProperty('id');
    expect(draft).not.toHaveProperty('makeDefault');
  });

  it('sends the id on edit, and a blank key there keeps the stored one (valid without it)', () => {
    const { context } = formFromView(view, providers);
    const draft = buildDraft({ ...filledForm(), sendKey: '' }, context);
    expect(draft.id).toBe('g1');
    expect(draft).not.toHaveProperty('sendKey');
    expect(gatewayDraftSchema.safeParse(draft).success).toBe(true);
    // A new gateway needs its key.
    expect(draftFieldErrors(buildDraft({ ...filledForm(), sendKey: '' }, NEW_GATEWAY_CONTEXT))).toEqual({
      sendKey: 'Enter the send key',
    });
  });

  it('sends makeDefault when ticked, and false only when it was known to be the default', () => {
    const values = { ...filledForm(), makeDefault: true };
    expect(buildDraft(values, NEW_GATEWAY_CONTEXT).makeDefault).toBe(true);
    const unticked = { ...filledForm(), makeDefault: false };
    const known: GatewayFormContext = { ...NEW_GATEWAY_CONTEXT, gatewayId: 'g1', wasDefault: true };
    expect(buildDraft(unticked, known).makeDefault).toBe(false);
    const unknown: GatewayFormContext = { ...NEW_GATEWAY_CONTEXT, gatewayId: 'g1', wasDefault: null };
    expect(buildDraft(unticked, unknown)).not.toHaveProperty('makeDefault');
  });
});

describe('errors', () => {
  it('maps main’s field errors to inline messages and an ordered, linked summary', () => {
    const errors = errorsFromFailure({
      kind: 'validation',
      message: 'Invalid input for gateways.save: …',
      fields: {
        'routes.1.destination': 'Destination must be the gateway’s destination name',
        sendKey: 'Enter the send key',
        relayAddress: 'Relay namespace must look like sb://alpha.servicebus.windows.net',
        'routes.0.messageType': 'Choose a message type',
      },
    });
    expect(errors.general).toEqual([]);
    expect(errors.fields.sendKey).toBe('Enter the send key');
    expect(errorSummaryItems(errors, 2)).toEqual([
      {
        text: 'Relay namespace must look like sb://alpha.servicebus.windows.net',
        targetId: 'gateway-relay-address',
      },
      { text: 'Enter the send key', targetId: 'gateway-send-key' },
      { text: 'Route 1: Choose a message type', targetId: 'gateway-route-1-type' },
      {
        text: 'Route 2: Destination must be the gateway’s destination name',
        targetId: 'gateway-route-2-destination',
      },
    ]);
  });

  it('links a problem with the routes as a whole to the first route, or to Add a route', () => {
    const errors = errorsFromFailure({
      kind: 'validation',
      message: 'x',
      fields: { routes: 'Add at least one route: which messages go to which destination' },
    });
    expect(errorSummaryItems(errors, 1)[0]?.targetId).toBe('gateway-route-1-type');
    expect(errorSummaryItems(errors, 0)[0]?.targetId).toBe(ADD_ROUTE_ID);
  });

  it('keeps problems with no field in the summary, unlinked', () => {
    const errors = errorsFromFailure({
      kind: 'validation',
      message: 'x',
      fields: {
        '(input)': 'Unrecognized key',
        'routes.4.destination': 'Bad',
        name: 'Enter a name for the gateway',
      },
    });
    expect(errorSummaryItems(errors, 2)).toEqual([
      { text: 'Enter a name for the gateway', targetId: 'gateway-name' },
      { text: 'Route 5: Bad', targetId: null },
      { text: 'Unrecognized key', targetId: null },
    ]);
  });

  it('prefers the schema’s first issue for a field main flagged, as main reports only the last', () => {
    const draft = buildDraft(emptyForm(providers), NEW_GATEWAY_CONTEXT);
    const main = {
      kind: 'validation' as const,
      message: 'Invalid input for gateways.save: …',
      fields: {
        hybridConnection:
          'Hybrid connection name can only contain letters, numbers, dots, dashes, underscores and slashes',
        relayAddress: 'Relay namespace must look like sb://alpha.servicebus.windows.net',
        // Not flagged by the schema here (main's own rule, say): kept as main wrote it.
        'routes.0.messageType': 'Main’s own words',
      },
    };
    expect(errorsFromFailure(main, draft).fields).toEqual({
      hybridConnection: 'Enter the hybrid connection name',
      relayAddress: 'Enter the relay namespace, for example sb://alpha.servicebus.windows.net',
      'routes.0.messageType': 'Main’s own words',
    });
    // Only paths main reported are shown, even though the schema finds more.
    expect(Object.keys(errorsFromFailure(main, draft).fields)).toHaveLength(3);
    expect(errorsFromFailure(main).fields).toEqual(main.fields);
  });

  it('shows main’s message when there are no field errors', () => {
    for (const error of [
      { kind: 'not_found' as const, message: 'That provider no longer exists.' },
      { kind: 'validation' as const, message: 'Unknown channel "gateways.save".' },
      { kind: 'validation' as const, message: 'Nothing', fields: {} },
    ]) {
      const errors = errorsFromFailure(error);
      expect(errors).toEqual({ fields: {}, general: [error.message] });
      expect(errorSummaryItems(errors, 1)).toEqual([{ text: error.message, targetId: null }]);
    }
    expect(hasErrors(NO_ERRORS)).toBe(false);
    expect(hasErrors(errorsFromFailure({ kind: 'internal', message: 'x' }))).toBe(true);
  });

  it('the shared schema’s own messages come through as plain words at the right fields', () => {
    const draft = buildDraft(
      {
        ...emptyForm(providers),
        relayAddress: 'https://alpha.servicebus.windows.net/alpha',
        sendKey: 'not a key',
        routes: [{ key: 1, messageType: 'WORKLIST', destination: 'MWL' }],
      },
      NEW_GATEWAY_CONTEXT,
    );
    const errors = { fields: draftFieldErrors(draft), general: [] };
    expect(errorSummaryItems(errors, 1).map((item) => item.targetId)).toEqual([
      'gateway-provider',
      'gateway-name',
      'gateway-relay-address',
      'gateway-hybrid-connection',
      'gateway-send-rule-name',
      'gateway-send-key',
      'gateway-route-1-destination',
    ]);
    expect(errors.fields.sendKey).toBe('Send key must be the 44-character key shown in the Azure portal');
  });

  it('moves route errors up when a route is removed', () => {
    const errors = {
      fields: {
        name: 'Enter a name for the gateway',
        routes: 'Check the routes',
        'routes.0.destination': 'first',
        'routes.1.destination': 'second',
        'routes.2.messageType': 'third',
      },
      general: ['general'],
    };
    expect(withoutRoute(errors, 1)).toEqual({
      fields: {
        name: 'Enter a name for the gateway',
        routes: 'Check the routes',
        'routes.0.destination': 'first',
        'routes.1.messageType': 'third',
      },
      general: ['general'],
    });
  });
});

describe('checkBeforeSave', () => {
  const { context } = formFromView(view, providers);

  it('stops an edit that would drop the enrolled gateway key the form could not show', () => {
    const values = { ...filledForm(), gatewayPublicKey: ' ', name: '' };
    const errors = checkBeforeSave(values, context);
    expect(errors?.fields).toEqual({
      gatewayPublicKey: PUBLIC_KEY_NEEDED_AGAIN,
      // The draft's other problems come with it, so one attempt shows everything.
      name: 'Enter a name for the gateway',
    });
  });

  it('lets everything else through to main', () => {
    expect(checkBeforeSave(filledForm(), context)).toBeNull();
    expect(checkBeforeSave({ ...filledForm(), gatewayPublicKey: '' }, NEW_GATEWAY_CONTEXT)).toBeNull();
    expect(
      checkBeforeSave({ ...filledForm(), gatewayPublicKey: '', profile: 'nhs-gateway/1' }, context),
    ).toBeNull();
    expect(
      checkBeforeSave({ ...filledForm(), gatewayPublicKey: '' }, { ...context, keyEnrolled: false }),
    ).toBeNull();
    const known = { ...context, unknown: new Set<never>() };
    expect(checkBeforeSave({ ...filledForm(), gatewayPublicKey: '' }, known)).toBeNull();
  });
});

describe('routes', () => {
  it('adds the next unrouted message type with a fresh key', () => {
    const one = emptyForm(providers).routes;
    const two = addRoute(one);
    expect(two[1]).toEqual({ key: 2, messageType: 'FHIR', destination: '' });
    const three = addRoute(two);
    expect(three[2]).toEqual({ key: 3, messageType: 'HL7v2', destination: '' });
    expect(addRoute(three)[3]).toEqual({ key: 4, messageType: 'WORKLIST', destination: '' });
  });

  it('removes and updates by position, keeping keys', () => {
    const routes = addRoute(addRoute(emptyForm(providers).routes));
    expect(removeRoute(routes, 1).map((route) => route.key)).toEqual([1, 3]);
    expect(updateRoute(routes, 2, { destination: 'tie' })[2]).toEqual({
      key: 3,
      messageType: 'HL7v2',
      destination: 'tie',
    });
  });

  it('moves focus to the route now in the removed one’s place, else the one before', () => {
    expect(focusAfterRemove(0, 2)).toBe('gateway-route-1-type');
    expect(focusAfterRemove(2, 2)).toBe('gateway-route-2-type');
    expect(focusAfterRemove(0, 0)).toBe(ADD_ROUTE_ID);
    expect(routeFieldId(1, 'destination')).toBe('gateway-route-2-destination');
  });
});

describe('enrolment command', () => {
  it('names the workstation from its id, within the gateway’s rules', () => {
    expect(suggestedTrustName('6f1c2a3b-0000-4000-8000-000000000001')).toBe('workstation-6f1c2a3b');
    expect(suggestedTrustName('---')).toBe('workstation-1');
    expect(suggestedTrustName('a'.repeat(100))).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  });

  it('builds the trust add command IT runs', () => {
    expect(trustCommand({ workstationId: '6f1c2a3b-0000-4000-8000-000000000001', publicKey: KEY })).toBe(
      `modality-link-gateway trust add workstation-6f1c2a3b '${KEY}' --id 6f1c2a3b-0000-4000-8000-000000000001`,
    );
  });
});

describe('labels', () => {
  it('has words for every profile and message type', () => {
    expect(PROFILE_OPTIONS.map((option) => option.value)).toEqual([...GATEWAY_PROFILES]);
    expect(Object.keys(ROUTE_TYPE_LABELS)).toEqual([...MESSAGE_TYPES]);
  });
});
