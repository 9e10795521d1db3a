import { useCallback, useRef, useState } from 'react';
import { formatNhsNumber } from '../../../shared/domain/nhs-number';
import type { Api, IpcError, IpcResult } from '../../../shared/ipc/contract';
import type { AppointmentView } from '../../../shared/ipc/views';
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

/** Errors meaning the screen was out of date (another workstation got there first). */
const STALE_KINDS: ReadonlySet<IpcError['kind']> = new Set(['invalid_transition', 'conflict', 'not_found']);

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
  const inFlight = useRef(new Set<string>());
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(() => new Set());
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);

  const setBusy = (id: string, busy: boolean) => {
    if (busy) inFlight.current.add(id);
    else inFlight.current.delete(id);
    setBusyIds(new Set(inFlight.current));
  };

  const run = useCallback(
    async (action: RowAction, appointment: AppointmentView) => {
      // The ref, not state, guards double clicks: state only changes on the next render.
      if (inFlight.current.has(appointment.id)) return;
      setBusy(appointment.id, true);
      setFailure(null);
      const name = participantName(appointment.participant);
      const text = STAFF_ACTION_TEXT[action];
      const result = await callAction(api, action, appointment.id);
      setBusy(appointment.id, false);
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
    [api, onUpdated, onStale],
  );

  const clearFailure = useCallback(() => setFailure(null), []);

  return { run, busyIds, failure, announcement, clearFailure };
}
