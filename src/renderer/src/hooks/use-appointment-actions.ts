import { useCallback, useState } from 'react';
import { STALE_KINDS, useBusyIds } from './use-busy-ids';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import type { Api, IpcResult } from '#shared/ipc/contract';
import type { AppointmentView } from '#shared/ipc/views';
import { useApi } from '../api/connection-context';
import type { Announcement } from '../components/LiveAnnouncer';
import { participantName } from '../lib/format';
import { STAFF_ACTION_TEXT, failureMessage, type RowAction } from '../lib/staff-actions';

export interface ActionFailure {
  /** Who the failure is about, as staff identify people: name and NHS number. */
  participant: string;
  message: string;
}

async function callAction(
  api: Api,
  action: RowAction,
  appointmentId: string,
): Promise<IpcResult<AppointmentView>> {
  const input = { appointmentId };
  switch (action) {
    case 'checkIn':
      return api.appointments.checkIn(input);
    case 'markDidNotAttend':
      return api.appointments.markDidNotAttend(input);
    case 'sendToModality':
    case 'resend': {
      const result = await (action === 'resend'
        ? api.appointments.resend(input)
        : api.appointments.sendToModality(input));
      return result.ok ? { ok: true, value: result.value.appointment } : result;
    }
    case 'recordComplete':
      return api.appointments.recordOutcome({ appointmentId, outcome: 'complete' });
    case 'recordDiscontinued':
      return api.appointments.recordOutcome({ appointmentId, outcome: 'discontinued' });
  }
}

/**
 * Runs staff actions (and outcomes recorded by hand) from the clinic and appointment screens: one
 * call per appointment at a time, the screen updated from the returned view, success announced,
 * failure shown in the error summary.
 */
export function useAppointmentActions(
  onUpdated: (appointment: AppointmentView) => void,
  onStale: () => void,
) {
  const api = useApi();
  const { busyIds, start, finish } = useBusyIds();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);

  const run = useCallback(
    async (action: RowAction, appointment: AppointmentView) => {
      if (!start(appointment.id)) return;
      setFailure(null);
      const name = participantName(appointment.participant);
      const text = STAFF_ACTION_TEXT[action];
      const result = await callAction(api, action, appointment.id);
      finish(appointment.id);
      if (result.ok) {
        onUpdated(result.value);
        setAnnouncement((previous) => ({ text: text.done(name), id: (previous?.id ?? 0) + 1 }));
      } else {
        const nhsNumber = formatNhsNumber(appointment.participant.nhsNumber);
        setFailure({
          participant: `${name} (NHS number ${nhsNumber})`,
          message: failureMessage(text.failure, result.error.message),
        });
        // Show the state that made the action fail, so the next decision is made on current facts.
        if (STALE_KINDS.has(result.error.kind)) onStale();
      }
    },
    [api, onUpdated, onStale, start, finish],
  );

  const clearFailure = useCallback(() => setFailure(null), []);

  return { run, busyIds, failure, announcement, clearFailure };
}
