import type { DeliveryAlert } from '#shared/ipc/views';
import { alertReason, NOT_THERE_YET } from '../lib/delivery-alerts';
import { Tag } from './Tag';

/** On a clinic-day row: what the participant is missing from, and why in a line under it. */
export function DeliveryAlertTags({ alerts }: { alerts: DeliveryAlert[] }) {
  // FHIR and HL7 v2 read the same to staff: one tag for both.
  const seen = new Set<string>();
  return (
    <>
      {alerts.map((alert) => {
        const words = NOT_THERE_YET[alert.messageType];
        if (seen.has(words)) return null;
        seen.add(words);
        return (
          <span key={alert.messageId} className="app-delivery-alert">
            <Tag colour={alert.messageType === 'WORKLIST' ? 'red' : 'orange'} small>
              {words}
            </Tag>
            <span className="nhsuk-body-s app-delivery-alert__reason">{alertReason(alert)}</span>
          </span>
        );
      })}
    </>
  );
}
