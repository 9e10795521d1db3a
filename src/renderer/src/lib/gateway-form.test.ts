import { describe, expect, it } from 'vitest';
import { GATEWAY_PROFILES, MESSAGE_TYPES } from '#shared/domain/message';
import { gatewayDraftSchema } from '#shared/ipc/gateway-setup';
import { filledForm, KEY, OTHER_KEY, providers, view } from './gateway-form.fixtures';
import {
  ADD_ROUTE_ID,
  addRoute,
  buildDraft,
  checkBeforeSave,
  draftFieldErrors,
  emptyForm,
  focusAfterRemove,
  formFromView,
  NEW_GATEWAY_CONTEXT,
  PROFILE_OPTIONS,
  PUBLIC_KEY_NEEDED_AGAIN,
  relayAddressForForm,
  removeRoute,
  ROUTE_TYPE_LABELS,
  routeFieldId,
  suggestedTrustName,
  trustCommand,
  updateRoute,
  type GatewayFormContext,
} from './gateway-form';

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
