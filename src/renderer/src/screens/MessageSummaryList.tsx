import type { ReactNode } from 'react';
import type { MessageDetail } from '../../../shared/ipc/views';
import { MessageStatusTag } from '../components/MessageStatusTag';
import { formatOptionalDateTime } from '../lib/format';
import { ACTION_TYPE_LABELS, FAILING_PHASE_LABELS, MESSAGE_TYPE_LABELS, OUTCOME_LABELS } from '../lib/labels';
import { routeHref } from '../routing/route';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** Every field of the message, with the technical detail IT needs next to the plain words. */
export function MessageSummaryList({ message }: { message: MessageDetail }) {
  const notYet = 'Not yet';
  return (
    <dl className="nhsuk-summary-list">
      <Row label="Status">
        <MessageStatusTag status={message.status} />
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
      <Row label="Outcome at destination">
        {message.outcome ? OUTCOME_LABELS[message.outcome] : 'Not reported yet'}
      </Row>
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
