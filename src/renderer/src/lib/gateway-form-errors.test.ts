import { describe, expect, it } from 'vitest';
import {
  ADD_ROUTE_ID,
  buildDraft,
  draftFieldErrors,
  emptyForm,
  errorSummaryItems,
  errorsFromFailure,
  hasErrors,
  NEW_GATEWAY_CONTEXT,
  NO_ERRORS,
  withoutRoute,
} from './gateway-form';
import { providers } from './gateway-form.fixtures';

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

  it('prefers the schema’s first issue for a field main flagged, even from a host that reports the last', () => {
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
