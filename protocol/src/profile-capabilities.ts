import type { GatewayProfile, MessageType } from './vocabulary';
import type { WireActionType } from './actions';

/**
 * What each compatibility profile can carry and which "Test connection" checks its peer answers.
 * `nhs-gateway/1` and `poc-five` are contracts with peers we do not control (the production NHS
 * gateway, the seed's listener), so the app must not offer what they cannot do. The form, the save
 * validation, "Send to modality" and "Test connection" all read this one table. Reasons are in the
 * words staff and IT read on screen.
 */
export type Capability = { available: true } | { available: false; reason: string };

export type ConnectionCheck = 'echo' | 'health';

export interface ProfileCapabilities {
  /** Action types the peer acts on. */
  actions: readonly WireActionType[];
  /** Message types a route may carry; the others have their reason. */
  routes: Record<MessageType, Capability>;
  checks: Record<ConnectionCheck, Capability>;
  /** Route destinations: a gateway destination name, or also a URL (the seed's sender used URLs). */
  destinations: 'name' | 'name-or-url';
  /** Time zone of `worklist_item.scheduled`: the clinic's own, or UTC as production's contract says. */
  scheduledTimes: 'clinic-local' | 'utc';
  /** Whether the peer uses the scheduled station AE title (production's C-FIND returns it empty). */
  usesScheduledStationAeTitle: boolean;
  /**
   * Whether the pre-clinic rehearsal can send a test participant round the worklist loop (ADR 0025);
   * the relay step runs under every profile.
   */
  rehearsal: Capability;
}

const YES: Capability = { available: true };

const PRODUCTION_HAS_NO_DELIVERY =
  'the production NHS gateway (nhs-gateway/1) takes worklist items only and answers “Unsupported action” to FHIR and HL7 v2 messages';

export const PROFILE_CAPABILITIES: Record<GatewayProfile, ProfileCapabilities> = {
  'modality-link/1': {
    actions: [
      'worklist.create_item',
      'worklist.update_status',
      'message.deliver',
      'echo',
      'health',
      'worklist.create_test_item',
      'worklist.verify_item',
      'worklist.remove_test_item',
    ],
    routes: { WORKLIST: YES, FHIR: YES, HL7v2: YES },
    checks: { echo: YES, health: YES },
    destinations: 'name',
    scheduledTimes: 'clinic-local',
    usesScheduledStationAeTitle: true,
    rehearsal: YES,
  },
  'nhs-gateway/1': {
    actions: ['worklist.create_item', 'worklist.update_status', 'echo', 'health'],
    routes: {
      WORKLIST: YES,
      FHIR: { available: false, reason: PRODUCTION_HAS_NO_DELIVERY },
      HL7v2: { available: false, reason: PRODUCTION_HAS_NO_DELIVERY },
    },
    checks: { echo: YES, health: YES },
    destinations: 'name',
    scheduledTimes: 'utc',
    usesScheduledStationAeTitle: false,
    rehearsal: {
      available: false,
      reason:
        'the production NHS gateway (nhs-gateway/1) cannot query its own worklist or remove a test participant, so none is sent',
    },
  },
  'poc-five': {
    // The seed's sender sends one opaque message per connection; the gateway runs it as a delivery.
    actions: ['message.deliver'],
    routes: { WORKLIST: YES, FHIR: YES, HL7v2: YES },
    checks: {
      echo: { available: false, reason: 'the proof-of-concept listener (poc-five) has no echo' },
      health: { available: false, reason: 'the proof-of-concept listener (poc-five) has no health check' },
    },
    destinations: 'name-or-url',
    scheduledTimes: 'clinic-local',
    usesScheduledStationAeTitle: true,
    rehearsal: {
      available: false,
      reason:
        'the proof-of-concept listener (poc-five) takes one message per connection and has no worklist checks',
    },
  },
};

export function profileCapabilities(profile: GatewayProfile): ProfileCapabilities {
  return PROFILE_CAPABILITIES[profile];
}

/** Whether a gateway speaking `profile` can carry routes of `messageType`, and if not, why. */
export function routeCapability(profile: GatewayProfile, messageType: MessageType): Capability {
  return PROFILE_CAPABILITIES[profile].routes[messageType];
}

/** The message types a profile can carry, in the order given. */
export function carriedMessageTypes(profile: GatewayProfile, types: readonly MessageType[]): MessageType[] {
  return types.filter((type) => routeCapability(profile, type).available);
}

/** The longest destination a `poc-five` route may name (the seed's sender kept URLs up to this). */
export const POC_FIVE_DESTINATION_MAX = 300;
