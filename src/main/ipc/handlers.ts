import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/contract';
import { transitionAppointment } from '../services/appointments';
import type { ServiceContext } from '../services/context';
import { sendToModality } from '../services/send-to-modality';
import { getMessageDetail, listClinicAppointments, listClinicSummaries, listMessageSummaries } from '../services/views';
import { DomainError } from '../services/errors';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  siteName: string;
}

type HandlerTable = {
  [C in Channel]: (ctx: ServiceContext, input: ChannelInput<C>) => ChannelOutput<C>;
};

/** Every channel's implementation, shared by the Electron IPC bridge and the web host. */
export function createHandlers(info: HostInfo): HandlerTable {
  return {
    'app.info': () => ({ name: 'Modality Link', version: info.version, host: info.host, siteName: info.siteName }),
    'clinics.list': (ctx, input) => listClinicSummaries(ctx.db, input.from ? { from: input.from } : {}),
    'clinics.get': (ctx, input) => {
      const [clinic] = listClinicSummaries(ctx.db, { clinicId: input.clinicId });
      if (!clinic) throw new DomainError('not_found', 'That clinic no longer exists.');
      return { clinic, appointments: listClinicAppointments(ctx.db, clinic.id) };
    },
    'appointments.checkIn': (ctx, input) => transitionAppointment(ctx, input.appointmentId, 'checkIn'),
    'appointments.undoCheckIn': (ctx, input) => transitionAppointment(ctx, input.appointmentId, 'undoCheckIn'),
    'appointments.markDidNotAttend': (ctx, input) =>
      transitionAppointment(ctx, input.appointmentId, 'markDidNotAttend'),
    'appointments.sendToModality': (ctx, input) => sendToModality(ctx, input.appointmentId, 'sendToModality'),
    'appointments.resend': (ctx, input) => sendToModality(ctx, input.appointmentId, 'resend'),
    'messages.list': (ctx, input) => listMessageSummaries(ctx.db, input),
    'messages.get': (ctx, input) => getMessageDetail(ctx.db, input.messageId),
  };
}
