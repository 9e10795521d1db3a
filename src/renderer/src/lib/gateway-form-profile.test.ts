import { describe, expect, it } from 'vitest';
import { addRoute } from './gateway-form';
import {
  aeTitleNote,
  destinationHint,
  routeLimitText,
  routesNotCarriedText,
  routeTypeOptions,
} from './gateway-form-profile';

const PRODUCTION =
  'the production NHS gateway (nhs-gateway/1) takes worklist items only and answers “Unsupported action” to FHIR and HL7 v2 messages';

describe('the gateway form per protocol', () => {
  it('offers only worklist routes for nhs-gateway/1, and says why', () => {
    expect(routeTypeOptions('nhs-gateway/1', 'WORKLIST')).toEqual([
      { value: 'WORKLIST', label: 'Worklist items (WORKLIST)' },
    ]);
    expect(routeLimitText('nhs-gateway/1')).toBe(
      `Only some messages can be routed with this protocol: ${PRODUCTION}.`,
    );
    expect(routeTypeOptions('modality-link/1', 'WORKLIST').map((o) => o.value)).toEqual([
      'WORKLIST',
      'FHIR',
      'HL7v2',
    ]);
    expect(routeLimitText('modality-link/1')).toBeNull();
    expect(routeLimitText('poc-five')).toBeNull();
  });

  it('keeps a route’s type that the protocol cannot carry visible, marked, so save can explain it', () => {
    expect(routeTypeOptions('nhs-gateway/1', 'FHIR')).toEqual([
      { value: 'WORKLIST', label: 'Worklist items (WORKLIST)' },
      { value: 'FHIR', label: 'FHIR messages (FHIR): not carried by this protocol' },
    ]);
  });

  it('adds only routes the protocol carries', () => {
    const one = [{ key: 1, messageType: 'WORKLIST' as const, destination: 'mwl' }];
    expect(addRoute(one, 'nhs-gateway/1')[1]).toEqual({ key: 2, messageType: 'WORKLIST', destination: '' });
    expect(addRoute(one, 'modality-link/1')[1]).toEqual({ key: 2, messageType: 'FHIR', destination: '' });
  });

  it('asks for web addresses only on poc-five', () => {
    expect(destinationHint('poc-five')).toBe(
      'Lower case, for example mwl, or a web address starting with https://, up to 300 characters',
    );
    expect(destinationHint('nhs-gateway/1')).toBe('Lower case, for example mwl');
  });

  it('says the production gateway ignores the modality AE title', () => {
    expect(aeTitleNote('nhs-gateway/1')).toBe(
      'The production NHS gateway (nhs-gateway/1) ignores this: its worklist leaves the scheduled station AE title empty, so any machine that asks will see the items.',
    );
    expect(aeTitleNote('modality-link/1')).toBeNull();
    expect(aeTitleNote('poc-five')).toBeNull();
  });

  it('names saved routes the protocol cannot carry, for the Gateways screen', () => {
    const routes = [
      { messageType: 'WORKLIST' as const, destination: 'mwl' },
      { messageType: 'FHIR' as const, destination: 'trust-fhir' },
      { messageType: 'HL7v2' as const, destination: 'tie-hl7' },
    ];
    expect(routesNotCarriedText('nhs-gateway/1', routes)).toBe(
      `FHIR messages (FHIR) to trust-fhir, HL7 version 2 messages (HL7v2) to tie-hl7: ${PRODUCTION}. Nothing is sent on these routes. Edit the gateway to remove them.`,
    );
    expect(routesNotCarriedText('nhs-gateway/1', routes.slice(0, 2))).toMatch(
      /Nothing is sent on this route\. Edit the gateway to remove it\.$/,
    );
    expect(routesNotCarriedText('modality-link/1', routes)).toBeNull();
  });
});
