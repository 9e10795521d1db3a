import { formatNhsNumber } from '../../../shared/domain/nhs-number';
import type { StaffAction } from '../../../shared/domain/appointment-state';
import type { AppointmentView } from '../../../shared/ipc/views';
import { AppointmentStateTag } from '../components/AppointmentStateTag';
import { MessageStatusTag } from '../components/MessageStatusTag';
import { formatDateOfBirth, formatTime, participantName } from '../lib/format';
import { AppointmentActions } from './AppointmentActions';

interface AppointmentRowProps {
  appointment: AppointmentView;
  timeZone: string;
  busy: boolean;
  onAction: (action: StaffAction, appointment: AppointmentView) => void;
}

export function AppointmentRow({ appointment, timeZone, busy, onAction }: AppointmentRowProps) {
  const { participant } = appointment;
  return (
    <tr className="nhsuk-table__row" aria-busy={busy || undefined}>
      <td className="nhsuk-table__cell app-nowrap">{formatTime(appointment.startsAt, timeZone)}</td>
      <td className="nhsuk-table__cell">{participantName(participant)}</td>
      <td className="nhsuk-table__cell app-nowrap">{formatNhsNumber(participant.nhsNumber)}</td>
      <td className="nhsuk-table__cell app-nowrap">{formatDateOfBirth(participant.dateOfBirth)}</td>
      <td className="nhsuk-table__cell">
        <div className="app-status-tags">
          <AppointmentStateTag state={appointment.state} />
          {appointment.messageStatus ? (
            <span>
              <span className="nhsuk-u-visually-hidden">Latest message: </span>
              <MessageStatusTag status={appointment.messageStatus} small />
            </span>
          ) : null}
        </div>
      </td>
      <td className="nhsuk-table__cell">
        <AppointmentActions appointment={appointment} busy={busy} onAction={onAction} />
      </td>
    </tr>
  );
}
