import type { DeliveryAlert } from '#shared/ipc/views';
import { alertReason, NOT_THERE_YET } from '../../lib/delivery-alerts';
import { FAILING_PHASE_LABELS } from '../../lib/labels';

/** On the appointment page: each route the participant is missing from, why, and the failing phase. */
export function DeliveryAlertCallout({ alerts }: { alerts: DeliveryAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <>
      {alerts.map((alert) => (
        <div
          key={alert.messageId}
          className="nhsuk-warning-callout"
          role="region"
          aria-label={NOT_THERE_YET[alert.messageType]}
        >
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {NOT_THERE_YET[alert.messageType]}
            </span>
          </h2>
          <p>{alertReason(alert)}</p>
          {alert.failingPhase ? (
            <p className="nhsuk-body-s">Where it failed: {FAILING_PHASE_LABELS[alert.failingPhase]}</p>
          ) : null}
        </div>
      ))}
    </>
  );
}
