import { useRef } from 'react';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import type { AppointmentView } from '#shared/ipc/views';
import { AppointmentStatusTags } from '../../components/AppointmentStatusTags';
import { DeliveryAlertTags } from '../../components/DeliveryAlertTags';
import { shownAlerts } from '../../lib/delivery-alerts';
import { formatDateOfBirth, formatTime, participantName } from '../../lib/format';
import type { OutcomeRecording, RowAction } from '../../lib/staff-actions';
import { routeHref } from '../../routing/route';
import { AppointmentActions } from '../appointment/AppointmentActions';

interface AppointmentRowProps {
  appointment: AppointmentView;
  timeZone: string;
  recording: OutcomeRecording;
  busy: boolean;
  onAction: (action: RowAction, appointment: AppointmentView) => void;
  now: number;
}

export function AppointmentRow({
  appointment,
  timeZone,
  recording,
  busy,
  onAction,
  now,
}: AppointmentRowProps) {
  const { participant } = appointment;
  const name = participantName(participant);
  const link = useRef<HTMLAnchorElement>(null);
  return (
    <tr className="nhsuk-table__row" aria-busy={busy || undefined}>
      <td className="nhsuk-table__cell app-nowrap">{formatTime(appointment.startsAt, timeZone)}</td>
      <td className="nhsuk-table__cell">
        {/* The name alone: a list of links to participants reads as a list of people. */}
        <a href={routeHref({ name: 'appointment', appointmentId: appointment.id })} ref={link}>
          {name}
        </a>
      </td>
      <td className="nhsuk-table__cell app-nowrap">{formatNhsNumber(participant.nhsNumber)}</td>
      <td className="nhsuk-table__cell app-nowrap">{formatDateOfBirth(participant.dateOfBirth)}</td>
      <td className="nhsuk-table__cell">
        <AppointmentStatusTags appointment={appointment}>
          <DeliveryAlertTags alerts={shownAlerts(appointment, now)} />
        </AppointmentStatusTags>
      </td>
      <td className="nhsuk-table__cell">
        <AppointmentActions
          appointment={appointment}
          recording={recording}
          busy={busy}
          onAction={onAction}
          fallbackFocus={link}
        />
      </td>
    </tr>
  );
}
