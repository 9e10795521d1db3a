import type { Channel, ChannelInput, ChannelOutput } from '#shared/ipc/contract';
import { formatFingerprint } from 'modality-link-protocol';
import { providers } from '../db/schema';
import type { Dispatcher } from '../outbox/dispatcher';
import type { GatewaySetup } from '../services/gateways/gateway-setup';
import type { GatewayMonitor } from '../relay/gateway-monitor';
import { getAppointmentDetail } from '../services/appointments/appointment-detail';
import { getDashboard } from '../services/dashboard';
import { exportAuditCsv, listAuditPage } from '../services/audit/audit-log';
import { transitionAppointment } from '../services/appointments/appointments';
import { commitClinicImport, previewClinicImport } from '../services/clinic-import';
import { setManualMode } from '../services/appointments/manual-mode';
import type { ServiceContext } from '../services/context';
import { DomainError } from '../services/errors';
import { testGatewayConnection } from '../services/gateways/connection-check';
import { latestRehearsals } from '../services/rehearsal/rehearsal-store';
import { rehearseGateway } from '../services/rehearsal/rehearse-gateway';
import { listGatewayViews } from '../services/gateways/gateway-views';
import { cancelMessage, retryMessageNow } from '../services/messages/message-actions';
import { listMessagePage } from '../services/messages/message-log';
import { setStaff } from '../services/staff';
import { sendThenAnswer } from '../services/appointments/send-to-modality';
import { getMessageDetail, listClinicAppointments, listClinicSummaries } from '../services/views';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  siteName: string;
  /** Public identity only: the private key stays in the secret store. */
  workstation: { id: string; publicKey: string; keyId: string };
  monitor: Pick<GatewayMonitor, 'get' | 'history'>;
  dispatcher: Pick<Dispatcher, 'probe' | 'channelFor'>;
  setup: Pick<GatewaySetup, 'save' | 'testDraft'>;
  /** Writes the service-desk diagnostics file; returns where. */
  exportDiagnostics(): { file: string; bytes: number };
}

export type HandlerTable = {
  [C in Channel]: (
    ctx: ServiceContext,
    input: ChannelInput<C>,
  ) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** Every channel's implementation, shared by the Electron IPC bridge and the web host. */
export function createHandlers(info: HostInfo): HandlerTable {
  return {
    'app.info': () => ({
      name: 'Modality Link',
      version: info.version,
      host: info.host,
      siteName: info.siteName,
    }),
    'app.exportDiagnostics': () => info.exportDiagnostics(),
    'app.workstation': () => ({
      workstationId: info.workstation.id,
      fingerprint: formatFingerprint(info.workstation.keyId),
      publicKey: info.workstation.publicKey,
    }),
    'dashboard.get': (ctx) => getDashboard(ctx.db, ctx.now(), info.monitor),
    'staff.current': (ctx) => ctx.staff,
    'staff.set': (ctx, input) => setStaff(ctx, input),
    'audit.list': (ctx, input) => listAuditPage(ctx.db, input),
    'audit.exportCsv': (ctx, input) => exportAuditCsv(ctx.db, input),
    'clinics.list': (ctx, input) => listClinicSummaries(ctx.db, input.from ? { from: input.from } : {}),
    'clinics.get': (ctx, input) => {
      const [clinic] = listClinicSummaries(ctx.db, { clinicId: input.clinicId });
      if (!clinic) throw new DomainError('not_found', 'That clinic no longer exists.');
      return { clinic, appointments: listClinicAppointments(ctx.db, clinic.id) };
    },
    'clinics.setManualMode': (ctx, input) => setManualMode(ctx, input.clinicId, input.manualMode),
    'clinicImport.preview': (ctx, input) => previewClinicImport(ctx, input),
    'clinicImport.commit': (ctx, input) => commitClinicImport(ctx, input),
    'appointments.get': (ctx, input) => getAppointmentDetail(ctx.db, input.appointmentId),
    'appointments.recordOutcome': (ctx, input) =>
      transitionAppointment(
        ctx,
        input.appointmentId,
        input.outcome === 'complete' ? 'recordComplete' : 'recordDiscontinued',
      ),
    'appointments.checkIn': (ctx, input) => transitionAppointment(ctx, input.appointmentId, 'checkIn'),
    'appointments.undoCheckIn': (ctx, input) =>
      transitionAppointment(ctx, input.appointmentId, 'undoCheckIn'),
    'appointments.markDidNotAttend': (ctx, input) =>
      transitionAppointment(ctx, input.appointmentId, 'markDidNotAttend'),
    'appointments.sendToModality': (ctx, input) => sendThenAnswer(ctx, input.appointmentId, 'sendToModality'),
    'appointments.resend': (ctx, input) => sendThenAnswer(ctx, input.appointmentId, 'resend'),
    'messages.page': (ctx, input) => listMessagePage(ctx.db, input),
    'messages.get': (ctx, input) => getMessageDetail(ctx.db, input.messageId),
    'messages.retryNow': (ctx, input) => retryMessageNow(ctx, input.messageId),
    'messages.cancel': (ctx, input) => cancelMessage(ctx, input.messageId),
    'gateways.list': (ctx) => listGatewayViews(ctx.db, (id) => info.monitor.get(id)),
    'gateways.testConnection': (ctx, input) => testGatewayConnection(ctx, info.dispatcher, input.gatewayId),
    'gateways.save': (_ctx, input) => info.setup.save(input),
    'gateways.testDraft': (_ctx, input) => info.setup.testDraft(input),
    'gateways.rehearse': (ctx, input) => rehearseGateway(ctx, info.dispatcher, input),
    'gateways.rehearsals': (ctx) => latestRehearsals(ctx.db),
    'providers.list': (ctx) =>
      ctx.db
        .select({ id: providers.id, name: providers.name, odsCode: providers.odsCode })
        .from(providers)
        .orderBy(providers.name)
        .all(),
  };
}
