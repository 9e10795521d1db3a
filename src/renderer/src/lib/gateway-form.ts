import type { GatewayProfile, MessageType } from '#shared/domain/message';
import {
  ADD_ROUTE_ID,
  draftFieldErrors,
  routeFieldId,
  type FormErrors,
  type GatewayDraftInput,
} from './gateway-form-errors';
import { nextRouteType } from './gateway-form-profile';
import type { GatewayView } from '#shared/ipc/views';

/**
 * The gateway set-up form as data: its values, the draft sent to main, routes and the enrolment
 * command (errors are in gateway-form-errors.ts). Pure, so it is unit-tested without a browser.
 */
export * from './gateway-form-errors';
export * from './gateway-form-profile';

export interface Provider {
  id: string;
  name: string;
  odsCode: string;
}

export interface RouteValues {
  /** Stable React key; positions (and so error paths) are by index. */
  key: number;
  messageType: MessageType;
  destination: string;
}

/** What is on screen: strings as typed (trimmed only when the draft is built). */
export interface GatewayFormValues {
  providerId: string;
  name: string;
  relayAddress: string;
  hybridConnection: string;
  sendRuleName: string;
  /** Only ever what the user typed: the stored key never comes back from main. */
  sendKey: string;
  profile: GatewayProfile;
  routes: RouteValues[];
  gatewayPublicKey: string;
  modalityAeTitle: string;
  makeDefault: boolean;
}

/** The form's plain text fields. */
export type GatewayTextKey =
  | 'name'
  | 'relayAddress'
  | 'hybridConnection'
  | 'sendRuleName'
  | 'sendKey'
  | 'gatewayPublicKey'
  | 'modalityAeTitle';

/** Settings the edit form could not fill in because the gateway's view does not carry them. */
export type UnknownSetting = 'sendRuleName' | 'routes' | 'gatewayPublicKey' | 'modalityAeTitle' | 'isDefault';

export interface GatewayFormContext {
  /** Null for a new gateway. */
  gatewayId: string | null;
  /** The gateway's signing key is stored (from the view's `keyEnrolled`). */
  keyEnrolled: boolean;
  /** Settings main did not send, so they start blank and saving replaces them with what is entered. */
  unknown: ReadonlySet<UnknownSetting>;
  /** Whether the gateway is its provider's default, when known. */
  wasDefault: boolean | null;
}

/**
 * Settings main may add to `GatewayView` for editing. Read when present, so the form fills them in as
 * soon as main sends them; until then they are asked for again.
 */
export interface GatewayEditDetails {
  providerId?: string;
  sendRuleName?: string;
  routes?: ReadonlyArray<{ messageType: MessageType; destination: string }>;
  gatewayPublicKey?: string | null;
  modalityAeTitle?: string | null;
  isDefault?: boolean;
}

export const DEFAULT_PROFILE: GatewayProfile = 'modality-link/1';

export const NEW_GATEWAY_CONTEXT: GatewayFormContext = {
  gatewayId: null,
  keyEnrolled: false,
  unknown: new Set(),
  wasDefault: null,
};

/** A new gateway: the only provider chosen when there is just one, our own protocol, one route. */
export function emptyForm(providers: readonly Provider[]): GatewayFormValues {
  return {
    providerId: providers.length === 1 && providers[0] ? providers[0].id : '',
    name: '',
    relayAddress: '',
    hybridConnection: '',
    sendRuleName: '',
    sendKey: '',
    profile: DEFAULT_PROFILE,
    routes: [{ key: 1, messageType: 'WORKLIST', destination: '' }],
    gatewayPublicKey: '',
    modalityAeTitle: '',
    makeDefault: false,
  };
}

/**
 * The relay as the portal shows it. Main stores `sb://` namespaces as `wss://` (the same address,
 * reached over 443), so show a port-less `wss://` address in the portal's form again.
 */
export function relayAddressForForm(relayAddress: string): string {
  const match = /^wss:\/\/([^/:\s]+)\/?$/.exec(relayAddress);
  return match ? `sb://${match[1]}` : relayAddress;
}

/** An existing gateway, as far as its view tells: everything but the send key, which never comes back. */
export function formFromView(
  view: Omit<GatewayView, keyof GatewayEditDetails> & GatewayEditDetails,
  providers: readonly Provider[],
): { values: GatewayFormValues; context: GatewayFormContext } {
  const unknown = new Set<UnknownSetting>();
  const byName = providers.filter((provider) => provider.name === view.providerName);
  const providerId =
    view.providerId && providers.some((provider) => provider.id === view.providerId)
      ? view.providerId
      : byName.length === 1 && byName[0]
        ? byName[0].id
        : '';

  if (view.sendRuleName === undefined) unknown.add('sendRuleName');
  if (view.routes === undefined) unknown.add('routes');
  if (view.gatewayPublicKey === undefined) unknown.add('gatewayPublicKey');
  if (view.modalityAeTitle === undefined) unknown.add('modalityAeTitle');
  if (view.isDefault === undefined) unknown.add('isDefault');

  const routes =
    view.routes && view.routes.length > 0
      ? view.routes.map((route, index) => ({
          key: index + 1,
          messageType: route.messageType,
          destination: route.destination,
        }))
      : [{ key: 1, messageType: 'WORKLIST' as const, destination: '' }];

  return {
    values: {
      providerId,
      name: view.name,
      relayAddress: relayAddressForForm(view.relayAddress),
      hybridConnection: view.hybridConnection,
      sendRuleName: view.sendRuleName ?? '',
      sendKey: '',
      profile: view.profile,
      routes,
      gatewayPublicKey: view.gatewayPublicKey ?? '',
      modalityAeTitle: view.modalityAeTitle ?? '',
      makeDefault: view.isDefault ?? false,
    },
    context: {
      gatewayId: view.id,
      keyEnrolled: view.keyEnrolled,
      unknown,
      wasDefault: view.isDefault ?? null,
    },
  };
}

/**
 * The draft for `gateways.testDraft` and `gateways.save`. Optional settings left blank are left out
 * (a blank send key on edit keeps the stored one). "Make default" unticked is left out unless the
 * gateway was known to be the default, so an edit never clears a default it could not see.
 */
export function buildDraft(values: GatewayFormValues, context: GatewayFormContext): GatewayDraftInput {
  const sendKey = values.sendKey.trim();
  const gatewayPublicKey = values.gatewayPublicKey.trim();
  const modalityAeTitle = values.modalityAeTitle.trim();
  const makeDefault = values.makeDefault ? true : context.wasDefault === true ? false : undefined;
  return {
    ...(context.gatewayId !== null ? { id: context.gatewayId } : {}),
    providerId: values.providerId,
    name: values.name.trim(),
    relayAddress: values.relayAddress.trim(),
    hybridConnection: values.hybridConnection.trim(),
    sendRuleName: values.sendRuleName.trim(),
    ...(sendKey !== '' ? { sendKey } : {}),
    profile: values.profile,
    routes: values.routes.map((route) => ({
      messageType: route.messageType,
      destination: route.destination.trim(),
    })),
    ...(gatewayPublicKey !== '' ? { gatewayPublicKey } : {}),
    ...(modalityAeTitle !== '' ? { modalityAeTitle } : {}),
    ...(makeDefault !== undefined ? { makeDefault } : {}),
  };
}

export const PUBLIC_KEY_NEEDED_AGAIN =
  'Enter the gateway public key again. Saving without it removes the enrolled key, and the gateway’s signed messages will be refused.';

/**
 * Checks made before saving, for what main cannot know: an edit that would silently drop the
 * enrolled gateway key because the form could not show it. When one fails, the draft's other
 * problems (same schema as main) are shown with it, so nothing needs a second attempt.
 */
export function checkBeforeSave(values: GatewayFormValues, context: GatewayFormContext): FormErrors | null {
  const local: Record<string, string> = {};
  if (
    context.gatewayId !== null &&
    context.keyEnrolled &&
    context.unknown.has('gatewayPublicKey') &&
    values.profile === 'modality-link/1' &&
    values.gatewayPublicKey.trim() === ''
  ) {
    local.gatewayPublicKey = PUBLIC_KEY_NEEDED_AGAIN;
  }
  if (Object.keys(local).length === 0) return null;
  return { fields: { ...draftFieldErrors(buildDraft(values, context)), ...local }, general: [] };
}

// ---------------------------------------------------------------------------------------------
// Routes

/**
 * A new route takes the first message type the protocol carries that is not yet routed (Worklist,
 * then FHIR, then HL7 v2).
 */
export function addRoute(
  routes: readonly RouteValues[],
  profile: GatewayProfile = DEFAULT_PROFILE,
): RouteValues[] {
  const messageType = nextRouteType(profile, new Set(routes.map((route) => route.messageType)));
  const key = routes.reduce((max, route) => Math.max(max, route.key), 0) + 1;
  return [...routes, { key, messageType, destination: '' }];
}

export function removeRoute(routes: readonly RouteValues[], index: number): RouteValues[] {
  return routes.filter((_route, i) => i !== index);
}

export function updateRoute(
  routes: readonly RouteValues[],
  index: number,
  change: Partial<Omit<RouteValues, 'key'>>,
): RouteValues[] {
  return routes.map((route, i) => (i === index ? { ...route, ...change } : route));
}

/** Where focus goes after "Remove route N": the route now in its place, else the one before. */
export function focusAfterRemove(removedIndex: number, remaining: number): string {
  if (remaining === 0) return ADD_ROUTE_ID;
  return routeFieldId(Math.min(removedIndex, remaining - 1), 'messageType');
}

// ---------------------------------------------------------------------------------------------
// Enrolment

const TRUST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A name for this workstation in the gateway's trust list (`trust add <name>`): letters, digits, ".",
 * "_" and "-", at most 64. Built from the workstation id, which is unique; IT may choose another.
 */
export function suggestedTrustName(workstationId: string): string {
  const tail = workstationId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  const name = `workstation-${tail || '1'}`;
  return TRUST_NAME.test(name) ? name : 'workstation-1';
}

/** The command IT runs on the gateway server to trust this workstation. */
export function trustCommand(workstation: { workstationId: string; publicKey: string }): string {
  const name = suggestedTrustName(workstation.workstationId);
  // Base64 and the id are shell-safe; the key is quoted anyway, as the operations guide shows it.
  return `modality-link-gateway trust add ${name} '${workstation.publicKey}' --id ${workstation.workstationId}`;
}

// ---------------------------------------------------------------------------------------------
// Labels

export const PROFILE_OPTIONS: ReadonlyArray<{ value: GatewayProfile; label: string; hint: string }> = [
  {
    value: 'modality-link/1',
    label: 'Modality Link gateway (modality-link/1)',
    hint: 'Choose this for the gateway hospital IT installed for Modality Link. One lasting, signed connection: the gateway confirms each message and reports procedures and images back. Needs the gateway public key below, and this workstation enrolled at the gateway.',
  },
  {
    value: 'nhs-gateway/1',
    label: 'NHS gateway, one message at a time (nhs-gateway/1)',
    hint: 'For a gateway that takes the production message format: one connection and one reply per message, unsigned. Procedures and images are not reported back.',
  },
  {
    value: 'poc-five',
    label: 'Proof of concept (poc-five)',
    hint: 'Only for testing against the proof-of-concept gateway. Unsigned, one message at a time.',
  },
];
