import type { AppointmentView } from '#shared/ipc/views';
import { shownAlerts } from '../../lib/delivery-alerts';
import { participantName } from '../../lib/format';
import { routeHref } from '../../routing/route';

function participants(count: number): string {
  return count === 1 ? '1 participant is' : `${count} participants are`;
}

/**
 * The clinic day's banner: how many participants the modality cannot see yet, by name, so the one
 * who matters is found before they reach the machine. Gone by itself once every order is confirmed.
 */
export function DeliveryAlertBanner({ appointments, now }: { appointments: AppointmentView[]; now: number }) {
  const missing = appointments.filter((a) =>
    shownAlerts(a, now).some((alert) => alert.messageType === 'WORKLIST'),
  );
  const records = appointments.filter((a) =>
    shownAlerts(a, now).some((alert) => alert.messageType !== 'WORKLIST'),
  );
  if (missing.length === 0 && records.length === 0) return null;
  return (
    <div className="nhsuk-warning-callout" role="region" aria-labelledby="delivery-alert-heading">
      <h2 className="nhsuk-warning-callout__label" id="delivery-alert-heading">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {missing.length > 0
            ? `${participants(missing.length)} not on the worklist yet`
            : `${participants(records.length)} not in the hospital's records system yet`}
        </span>
      </h2>
      {missing.length > 0 ? (
        <>
          <p>The modality cannot show these participants until their worklist entry arrives:</p>
          <ul>
            {missing.map((a) => (
              <li key={a.id}>
                <a href={routeHref({ name: 'appointment', appointmentId: a.id })}>
                  {participantName(a.participant)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {missing.length > 0 && records.length > 0 ? (
        <p>{`Also, ${participants(records.length).replace(' is', ' has').replace(' are', ' have')} not been sent to the hospital's records system yet.`}</p>
      ) : null}
      <p>
        Each row below says why. The app keeps trying; use Resend on a participant if the modality still does
        not show them.
      </p>
    </div>
  );
}
