import type { ChannelInput, IpcError } from '#shared/ipc/contract';
import { gatewayDraftSchema } from '#shared/ipc/gateway-setup';

/**
 * The gateway form's errors: main's field errors (and the shared schema's) mapped to inline
 * messages, an ordered error summary linked to the fields, and the field ids those links target.
 */
/** What the form sends to main; defined here, the lower module, so the two files do not import each other. */
export type GatewayDraftInput = ChannelInput<'gateways.save'>;

// ---------------------------------------------------------------------------------------------
// Field ids and errors

export type FieldName =
  | 'providerId'
  | 'name'
  | 'relayAddress'
  | 'hybridConnection'
  | 'sendRuleName'
  | 'sendKey'
  | 'profile'
  | 'routes'
  | 'gatewayPublicKey'
  | 'modalityAeTitle'
  | 'makeDefault';

/** In the order the form shows them, which is the order of the error summary. */
const FIELD_ORDER: readonly FieldName[] = [
  'providerId',
  'name',
  'relayAddress',
  'hybridConnection',
  'sendRuleName',
  'sendKey',
  'profile',
  'routes',
  'gatewayPublicKey',
  'modalityAeTitle',
  'makeDefault',
];

/** Element ids; for radios, the first radio's. */
export const FIELD_IDS: Record<Exclude<FieldName, 'routes'>, string> = {
  providerId: 'gateway-provider',
  name: 'gateway-name',
  relayAddress: 'gateway-relay-address',
  hybridConnection: 'gateway-hybrid-connection',
  sendRuleName: 'gateway-send-rule-name',
  sendKey: 'gateway-send-key',
  profile: 'gateway-profile',
  gatewayPublicKey: 'gateway-public-key',
  modalityAeTitle: 'gateway-modality-ae-title',
  makeDefault: 'gateway-make-default',
};

export const ADD_ROUTE_ID = 'gateway-add-route';

export type RouteField = 'messageType' | 'destination';

/** `routes.0.destination` is shown at `gateway-route-1-destination` (people count routes from 1). */
export function routeFieldId(index: number, field: RouteField): string {
  return `gateway-route-${index + 1}-${field === 'messageType' ? 'type' : 'destination'}`;
}

export const routePath = (index: number, field?: RouteField): string =>
  field ? `routes.${index}.${field}` : `routes.${index}`;

export interface FormErrors {
  /** By draft path, as main reports them: `relayAddress`, `routes`, `routes.1.destination`. */
  fields: Readonly<Record<string, string>>;
  /** Problems that belong to no field (a provider removed meanwhile, a failed call). */
  general: readonly string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.general.length > 0 || Object.keys(errors.fields).length > 0;
}

export interface SummaryItem {
  text: string;
  /** The element the summary links to, or null when the problem has no field on screen. */
  targetId: string | null;
}

interface ParsedPath {
  field: FieldName;
  routeIndex: number | null;
  routeField: RouteField | null;
}

function parsePath(path: string): ParsedPath | null {
  const route = /^routes\.(\d+)(?:\.(messageType|destination))?$/.exec(path);
  if (route) {
    return { field: 'routes', routeIndex: Number(route[1]), routeField: (route[2] as RouteField) ?? null };
  }
  return (FIELD_ORDER as readonly string[]).includes(path)
    ? { field: path as FieldName, routeIndex: null, routeField: null }
    : null;
}

function sortKey(parsed: ParsedPath | null): [number, number, number] {
  if (!parsed) return [FIELD_ORDER.length, 0, 0];
  return [
    FIELD_ORDER.indexOf(parsed.field),
    parsed.routeIndex === null ? -1 : parsed.routeIndex,
    parsed.routeField === 'destination' ? 2 : parsed.routeField === 'messageType' ? 1 : 0,
  ];
}

function compareKeys(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function targetFor(parsed: ParsedPath | null, routeCount: number): string | null {
  if (!parsed) return null;
  if (parsed.field !== 'routes') return FIELD_IDS[parsed.field];
  if (parsed.routeIndex === null) return routeCount > 0 ? routeFieldId(0, 'messageType') : ADD_ROUTE_ID;
  if (parsed.routeIndex >= routeCount) return null;
  return routeFieldId(parsed.routeIndex, parsed.routeField ?? 'messageType');
}

/**
 * The error summary: general problems first, then field problems in the form's order, each linking to
 * its field. A route's problem says which route, since its inline message sits inside "Route 2".
 */
export function errorSummaryItems(errors: FormErrors, routeCount: number): SummaryItem[] {
  const general = errors.general.map((text) => ({ text, targetId: null }));
  const fields = Object.entries(errors.fields)
    .map(([path, message]) => ({ path, message, parsed: parsePath(path) }))
    .sort((a, b) => compareKeys(sortKey(a.parsed), sortKey(b.parsed)))
    .map(({ message, parsed }) => ({
      text: parsed?.routeIndex != null ? `Route ${parsed.routeIndex + 1}: ${message}` : message,
      targetId: targetFor(parsed, routeCount),
    }));
  return [...general, ...fields];
}

/**
 * A failed `gateways.save` or `gateways.testDraft`: main's field errors, or its message. Main now
 * reports the schema's first issue per field; given the draft that was sent, the form also takes the
 * shared schema's first issue itself, so an older host that reported the last one still reads well.
 */
export function errorsFromFailure(error: IpcError, draft?: GatewayDraftInput): FormErrors {
  const fields = error.kind === 'validation' ? (error.fields ?? {}) : {};
  if (Object.keys(fields).length === 0) return { fields: {}, general: [error.message] };
  const first = draft ? draftFieldErrors(draft) : {};
  return {
    fields: Object.fromEntries(
      Object.entries(fields).map(([path, message]) => [path, first[path] ?? message]),
    ),
    general: [],
  };
}

/** After "Remove route N": that route's errors go, and later routes' errors move up with them. */
export function withoutRoute(errors: FormErrors, removedIndex: number): FormErrors {
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors.fields)) {
    const parsed = parsePath(path);
    if (parsed?.field !== 'routes' || parsed.routeIndex === null) {
      fields[path] = message;
      continue;
    }
    if (parsed.routeIndex === removedIndex) continue;
    const index = parsed.routeIndex > removedIndex ? parsed.routeIndex - 1 : parsed.routeIndex;
    fields[routePath(index, parsed.routeField ?? undefined)] = message;
  }
  return { fields, general: errors.general };
}

/** Zod issues as main reports them (`path.join('.')` → message; the first issue per path wins). */
export function draftFieldErrors(draft: GatewayDraftInput): Record<string, string> {
  const parsed = gatewayDraftSchema.safeParse(draft);
  if (parsed.success) return {};
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || '(input)';
    fields[path] ??= issue.message;
  }
  return fields;
}
