import type { MessageDetail } from '#shared/ipc/views';
import { MessageStatusTag } from '../../components/MessageStatusTag';
import { OutcomeTag } from '../../components/OutcomeTag';
import { SummaryRow as Row } from '../../components/SummaryRow';
import { formatNextAttempt, formatOptionalDateTime } from '../../lib/format';
import {
  ACTION_TYPE_LABELS,
  FAILING_PHASE_LABELS,
  MESSAGE_TYPE_LABELS,
  describeFailure,
} from '../../lib/labels';
import { routeHref } from '../../routing/route';

/** Why a message is waiting and when it goes again: "Gateway offline. Next attempt 14:05". */
function RetryWaitHint({ message }: { message: MessageDetail }) {
  const why = describeFailure(message);
  const when = message.nextAttemptAt ? formatNextAttempt(message.nextAttemptAt) : null;
  const text = [why, when].filter((part) => part).join('. ');
  return text ? <p className="app-hint nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">{text}</p> : null;
}

/** Every field of the message, with the technical detail IT needs next to the plain words. */
export function MessageSummaryList({ message }: { message: MessageDetail }) {
  const notYet = 'Not yet';
  return (
    <dl className="nhsuk-summary-list">
      <Row label="Status">
        <MessageStatusTag status={message.status} />
        {message.status === 'retry_wait' ? <RetryWaitHint message={message} /> : null}
      </Row>
      <Row label="Outcome at destination">
        {message.outcome ? <OutcomeTag outcome={message.outcome} /> : 'Not reported yet'}
      </Row>
      <Row label="Participant">{message.participantName ?? 'None'}</Row>
      <Row label="Clinic">
        {message.clinicId ? (
          <a href={routeHref({ name: 'clinic', clinicId: message.clinicId })}>Open clinic day</a>
        ) : (
          'None'
        )}
      </Row>
      <Row label="Type">
        {MESSAGE_TYPE_LABELS[message.type]} <span className="app-code">({message.type})</span>
      </Row>
      <Row label="Action">
        {ACTION_TYPE_LABELS[message.actionType]} <span className="app-code">({message.actionType})</span>
      </Row>
      <Row label="Destination">{message.destination}</Row>
      <Row label="Gateway">{message.gatewayName}</Row>
      <Row label="Attempts">{message.attempts}</Row>
      <Row label="Created">{formatOptionalDateTime(message.createdAt, notYet)}</Row>
      <Row label="Delivered to relay">{formatOptionalDateTime(message.deliveredAt, notYet)}</Row>
      <Row label="Confirmed by gateway">{formatOptionalDateTime(message.confirmedAt, notYet)}</Row>
      <Row label="Failed">{formatOptionalDateTime(message.failedAt, 'No')}</Row>
      <Row label="Next attempt">{formatOptionalDateTime(message.nextAttemptAt, 'None scheduled')}</Row>
      <Row label="Failing phase">
        {message.failingPhase ? (
          <>
            {FAILING_PHASE_LABELS[message.failingPhase]}{' '}
            <span className="app-code">({message.failingPhase})</span>
          </>
        ) : (
          'None'
        )}
      </Row>
      <Row label="Last error">{message.lastError ?? 'None'}</Row>
      <Row label="Accession number">{message.accessionNumber ?? 'None'}</Row>
      <Row label="Format">{message.payloadFormat === 'json' ? 'JSON' : 'HL7 v2'}</Row>
      <Row label="Message ID">
        <span className="app-code">{message.id}</span>
      </Row>
      <Row label="Appointment ID">
        <span className="app-code">{message.appointmentId ?? 'None'}</span>
      </Row>
    </dl>
  );
}
