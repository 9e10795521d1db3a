import { describe, expect, it } from 'vitest';
import { GATEWAY_PROFILES, MESSAGE_TYPES, type MessageType } from './vocabulary';
import type { WireActionType } from './actions';
import { carriedMessageTypes, PROFILE_CAPABILITIES, routeCapability } from './profile-capabilities';

/** The action each message type goes out as (src/main/outbox/build-message.ts). */
const ACTION_OF: Record<MessageType, WireActionType> = {
  WORKLIST: 'worklist.create_item',
  FHIR: 'message.deliver',
  HL7v2: 'message.deliver',
};

describe('profile capabilities', () => {
  it('lets nhs-gateway/1 carry worklist items only, saying why in words', () => {
    expect(carriedMessageTypes('nhs-gateway/1', MESSAGE_TYPES)).toEqual(['WORKLIST']);
    expect(routeCapability('nhs-gateway/1', 'FHIR')).toEqual({
      available: false,
      reason:
        'the production NHS gateway (nhs-gateway/1) takes worklist items only and answers “Unsupported action” to FHIR and HL7 v2 messages',
    });
  });

  it('lets our gateway and the seed listener carry every message type', () => {
    expect(carriedMessageTypes('modality-link/1', MESSAGE_TYPES)).toEqual([...MESSAGE_TYPES]);
    expect(carriedMessageTypes('poc-five', MESSAGE_TYPES)).toEqual([...MESSAGE_TYPES]);
  });

  it.each(GATEWAY_PROFILES.filter((p) => p !== 'poc-five'))(
    '%s offers a route exactly when it acts on that route’s action',
    (profile) => {
      const { actions, routes } = PROFILE_CAPABILITIES[profile];
      for (const type of MESSAGE_TYPES) {
        expect(routes[type].available, `${profile} ${type}`).toBe(actions.includes(ACTION_OF[type]));
      }
    },
  );

  it('sends every poc-five route as the seed’s one message type, which it runs as a delivery', () => {
    expect(PROFILE_CAPABILITIES['poc-five'].actions).toEqual(['message.deliver']);
  });

  it('says which connection checks each peer cannot answer', () => {
    expect(PROFILE_CAPABILITIES['modality-link/1'].checks).toEqual({
      echo: { available: true },
      health: { available: true },
    });
    expect(PROFILE_CAPABILITIES['nhs-gateway/1'].checks).toEqual({
      echo: { available: true },
      health: { available: true },
    });
    expect(PROFILE_CAPABILITIES['poc-five'].checks).toEqual({
      echo: { available: false, reason: 'the proof-of-concept listener (poc-five) has no echo' },
      health: { available: false, reason: 'the proof-of-concept listener (poc-five) has no health check' },
    });
  });

  it('writes scheduled times in UTC for production only, and only poc-five takes URL destinations', () => {
    const table = GATEWAY_PROFILES.map((p) => [
      p,
      PROFILE_CAPABILITIES[p].scheduledTimes,
      PROFILE_CAPABILITIES[p].destinations,
      PROFILE_CAPABILITIES[p].usesScheduledStationAeTitle,
    ]);
    expect(table).toEqual([
      ['modality-link/1', 'clinic-local', 'name', true],
      ['nhs-gateway/1', 'utc', 'name', false],
      ['poc-five', 'clinic-local', 'name-or-url', true],
    ]);
  });
});
