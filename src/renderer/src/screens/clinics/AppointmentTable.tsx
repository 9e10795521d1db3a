import type { AppointmentView, ClinicDay } from '#shared/ipc/views';
import { formatDate } from '../../lib/format';
import type { OutcomeRecording, RowAction } from '../../lib/staff-actions';
import { AppointmentRow } from './AppointmentRow';

interface AppointmentTableProps {
  day: ClinicDay;
  recording: OutcomeRecording;
  busyIds: ReadonlySet<string>;
  onAction: (action: RowAction, appointment: AppointmentView) => void;
  /** The time delivery alerts are judged against (see useAlertClock). */
  now: number;
}

export function AppointmentTable({ day, recording, busyIds, onAction, now }: AppointmentTableProps) {
  const { clinic, appointments } = day;
  if (appointments.length === 0)
    return <p className="nhsuk-body">There are no appointments in this clinic.</p>;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">
        Appointments: {clinic.name}, {clinic.location}, {formatDate(clinic.date)}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Time
          </th>
          <th scope="col" className="nhsuk-table__header">
            Participant
          </th>
          <th scope="col" className="nhsuk-table__header">
            NHS number
          </th>
          <th scope="col" className="nhsuk-table__header">
            Date of birth
          </th>
          <th scope="col" className="nhsuk-table__header">
            Status
          </th>
          <th scope="col" className="nhsuk-table__header">
            Actions
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {appointments.map((appointment) => (
          <AppointmentRow
            key={appointment.id}
            appointment={appointment}
            timeZone={clinic.timeZone}
            recording={recording}
            busy={busyIds.has(appointment.id)}
            onAction={onAction}
            now={now}
          />
        ))}
      </tbody>
    </table>
  );
}
