import { MESSAGE_TYPES, type GatewayProfile, type MessageType } from '#shared/domain/message';
import { POC_FIVE_DESTINATION_MAX, profileCapabilities, routeCapability } from 'modality-link-protocol';

/**
 * What the gateway form says and offers for the chosen protocol (issue 13), from the shared
 * capability table that main's save validation also reads. Pure, so it is unit-tested without a browser.
 */

export const ROUTE_TYPE_LABELS: Record<MessageType, string> = {
  WORKLIST: 'Worklist items (WORKLIST)',
  FHIR: 'FHIR messages (FHIR)',
  HL7v2: 'HL7 version 2 messages (HL7v2)',
};

/**
 * The message types a route may choose under `profile`. A route already set to a type the protocol
 * cannot carry keeps it as an option, marked, so the form shows what is saved and save explains why.
 */
export function routeTypeOptions(
  profile: GatewayProfile,
  current: MessageType,
): Array<{ value: MessageType; label: string }> {
  return MESSAGE_TYPES.filter((type) => type === current || routeCapability(profile, type).available).map(
    (type) => ({
      value: type,
      label: routeCapability(profile, type).available
        ? ROUTE_TYPE_LABELS[type]
        : `${ROUTE_TYPE_LABELS[type]}: not carried by this protocol`,
    }),
  );
}

/** Why some message types cannot be routed under `profile`, in one sentence; null when all can. */
export function routeLimitText(profile: GatewayProfile): string | null {
  const reasons = new Set<string>();
  for (const type of MESSAGE_TYPES) {
    const capability = routeCapability(profile, type);
    if (!capability.available) reasons.add(capability.reason);
  }
  if (reasons.size === 0) return null;
  const text = [...reasons].join('; ');
  return `Only some messages can be routed with this protocol: ${text}.`;
}

/** The hint under a route's destination. */
export function destinationHint(profile: GatewayProfile): string {
  return profileCapabilities(profile).destinations === 'name-or-url'
    ? `Lower case, for example mwl, or a web address starting with https://, up to ${POC_FIVE_DESTINATION_MAX} characters`
    : 'Lower case, for example mwl';
}

/** Said under the modality AE title when the protocol's gateway does not use it; null otherwise. */
export function aeTitleNote(profile: GatewayProfile): string | null {
  return profileCapabilities(profile).usesScheduledStationAeTitle
    ? null
    : 'The production NHS gateway (nhs-gateway/1) ignores this: its worklist leaves the scheduled station AE title empty, so any machine that asks will see the items.';
}

/**
 * Saved routes the gateway's protocol cannot carry (saved before its protocol changed): they are
 * never sent, so the Gateways screen names them and why; null when every route is carried.
 */
export function routesNotCarriedText(
  profile: GatewayProfile,
  routes: ReadonlyArray<{ messageType: MessageType; destination: string }>,
): string | null {
  const reasons = new Set<string>();
  const names: string[] = [];
  for (const route of routes) {
    const capability = routeCapability(profile, route.messageType);
    if (capability.available) continue;
    reasons.add(capability.reason);
    names.push(`${ROUTE_TYPE_LABELS[route.messageType]} to ${route.destination}`);
  }
  if (names.length === 0) return null;
  const one = names.length === 1;
  return `${names.join(', ')}: ${[...reasons].join('; ')}. Nothing is sent on ${one ? 'this route' : 'these routes'}. Edit the gateway to remove ${one ? 'it' : 'them'}.`;
}

/** A new route takes the first type the protocol carries that is not yet routed, else the first it carries. */
export function nextRouteType(profile: GatewayProfile, used: ReadonlySet<MessageType>): MessageType {
  const carried = MESSAGE_TYPES.filter((type) => routeCapability(profile, type).available);
  return carried.find((type) => !used.has(type)) ?? carried[0] ?? 'WORKLIST';
}
