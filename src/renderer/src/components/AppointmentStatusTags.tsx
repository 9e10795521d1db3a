import type { ReactNode } from 'react';
import type { AppointmentView } from '#shared/ipc/views';
import { AppointmentStateTag } from './AppointmentStateTag';
import { MessageStatusTag } from './MessageStatusTag';

/**
 * An appointment's state and, when it has one, its latest message's status, as the clinic day's row and
 * the appointment page show them; `children` follow (the row adds its delivery alerts).
 */
export function AppointmentStatusTags({
  appointment,
  children,
}: {
  appointment: Pick<AppointmentView, 'state' | 'messageStatus'>;
  children?: ReactNode;
}) {
  return (
    <div className="app-status-tags">
      <AppointmentStateTag state={appointment.state} />
      {appointment.messageStatus ? (
        <span>
          <span className="nhsuk-u-visually-hidden">Latest message: </span>
          <MessageStatusTag status={appointment.messageStatus} small />
        </span>
      ) : null}
      {children}
    </div>
  );
}
