import { z } from 'zod';
import {
  importInputSchema,
  importPreviewSchema,
  importProgressSchema,
  importResultSchema,
} from './clinic-import';
import { auditExportSchema, auditFilterSchema, auditPageInputSchema, auditPageSchema } from './audit';
import { dashboardSchema } from './dashboard';
import { gatewayDraftSchema } from './gateway-setup';
import { messagePageInputSchema, messagePageSchema } from './message-log';
import { rehearsalSchema, rehearseInputSchema } from './rehearsal';
import { staffSchema } from './staff';
import {
  appointmentDetailSchema,
  connectionTestSchema,
  gatewayViewSchema,
  workstationSchema,
  appInfoSchema,
  appointmentViewSchema,
  clinicDaySchema,
  clinicSummarySchema,
  messageDetailSchema,
  messageSummarySchema,
} from './views';

/**
 * The one IPC contract. Channel names are `<namespace>.<method>`; preload and the web client turn
 * them into `window.api.<namespace>.<method>(input)`, and main registers one handler per entry.
 */
const id = z.string().min(1).max(64);
const appointmentInput = z.strictObject({ appointmentId: id });

export const channels = {
  'app.info': { input: z.strictObject({}), output: appInfoSchema },
  'clinics.list': {
    input: z.strictObject({ from: z.iso.date().optional() }),
    output: z.array(clinicSummarySchema),
  },
  'clinics.get': { input: z.strictObject({ clinicId: id }), output: clinicDaySchema },
  'clinics.setManualMode': {
    input: z.strictObject({ clinicId: id, manualMode: z.boolean() }),
    output: clinicSummarySchema,
  },
  /** A clinic list file (CSV or FHIR Bundle): the dry run, then the import itself (ADR 0026). */
  'clinicImport.preview': { input: importInputSchema, output: importPreviewSchema },
  'clinicImport.commit': { input: importInputSchema, output: importResultSchema },
  'appointments.get': { input: appointmentInput, output: appointmentDetailSchema },
  'appointments.recordOutcome': {
    input: z.strictObject({ appointmentId: id, outcome: z.enum(['complete', 'discontinued']) }),
    output: appointmentViewSchema,
  },
  'appointments.checkIn': { input: appointmentInput, output: appointmentViewSchema },
  'appointments.undoCheckIn': { input: appointmentInput, output: appointmentViewSchema },
  'appointments.markDidNotAttend': { input: appointmentInput, output: appointmentViewSchema },
  'appointments.sendToModality': {
    input: appointmentInput,
    output: z.object({ appointment: appointmentViewSchema, messages: z.array(messageSummarySchema) }),
  },
  'appointments.resend': {
    input: appointmentInput,
    output: z.object({ appointment: appointmentViewSchema, messages: z.array(messageSummarySchema) }),
  },
  /** The Messages screen: filtered, newest first, a page at a time. */
  'messages.page': { input: messagePageInputSchema, output: messagePageSchema },
  'messages.get': { input: z.strictObject({ messageId: id }), output: messageDetailSchema },
  'messages.retryNow': { input: z.strictObject({ messageId: id }), output: messageSummarySchema },
  'messages.cancel': { input: z.strictObject({ messageId: id }), output: messageSummarySchema },
  'gateways.list': { input: z.strictObject({}), output: z.array(gatewayViewSchema) },
  'gateways.testConnection': { input: z.strictObject({ gatewayId: id }), output: connectionTestSchema },
  'gateways.save': { input: gatewayDraftSchema, output: gatewayViewSchema },
  'gateways.testDraft': { input: gatewayDraftSchema, output: connectionTestSchema },
  /** Pre-clinic rehearsal: a test participant round the gateway's loop; the result is kept. */
  'gateways.rehearse': { input: rehearseInputSchema, output: rehearsalSchema },
  /** Each gateway's latest rehearsal. */
  'gateways.rehearsals': { input: z.strictObject({}), output: z.array(rehearsalSchema) },
  'providers.list': {
    input: z.strictObject({}),
    output: z.array(z.object({ id: z.string(), name: z.string(), odsCode: z.string() })),
  },
  'app.workstation': { input: z.strictObject({}), output: workstationSchema },
  /** Today's deliveries, states, gateway connections and participants at risk. */
  'dashboard.get': { input: z.strictObject({}), output: dashboardSchema },
  /** Who is using this workstation: null until someone says. */
  'staff.current': { input: z.strictObject({}), output: staffSchema.nullable() },
  'staff.set': { input: staffSchema, output: staffSchema },
  /** The append-only audit log, filtered, newest first, a page at a time. */
  'audit.list': { input: auditPageInputSchema, output: auditPageSchema },
  'audit.exportCsv': { input: auditFilterSchema, output: auditExportSchema },
  /** Writes one diagnostics file for the service desk (versions, settings without secrets, logs). */
  'app.exportDiagnostics': {
    input: z.strictObject({}),
    output: z.strictObject({ file: z.string(), bytes: z.number().int().nonnegative() }),
  },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

/** Events main pushes to every window; payloads are validated before sending. */
export const events = {
  'appointment.changed': appointmentViewSchema,
  'message.changed': messageSummarySchema,
  'gateway.changed': gatewayViewSchema,
  'clinic.changed': clinicSummarySchema,
  'staff.changed': staffSchema,
  'clinicImport.progress': importProgressSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** Errors cross IPC as data, with a small fixed set of kinds the UI knows how to present. */
export const ERROR_KINDS = [
  'validation',
  'not_found',
  'invalid_transition',
  'conflict',
  'forbidden',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
export interface IpcError {
  kind: ErrorKind;
  message: string;
  /** Field-level problems for validation errors: path → message. */
  fields?: Record<string, string>;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Turns `{ 'a.b': ... }` into `{ a: { b(input): Promise<IpcResult<out>> } }`. */
type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
export type Api = {
  [N in Namespace<Channel>]: {
    [C in Channel as C extends `${N}.${infer M}` ? M : never]: (
      input: ChannelInput<C>,
    ) => Promise<IpcResult<ChannelOutput<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export const IPC_INVOKE_PREFIX = 'ml:';
export const IPC_EVENT_CHANNEL = 'ml:event';

/** Builds the nested api object from a transport; used by preload and by the web client alike. */
export function buildApi(
  invoke: (channel: Channel, input: unknown) => Promise<IpcResult<unknown>>,
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void,
): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of Object.keys(channels) as Channel[]) {
    const [ns, method] = channel.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][method] = (input: unknown) => invoke(channel, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) =>
    subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  return Object.assign(api, { on }) as unknown as Api;
}
