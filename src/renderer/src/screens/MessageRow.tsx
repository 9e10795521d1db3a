import type { MessageSummary } from '../../../shared/ipc/views';
import { MessageStatusTag } from '../components/MessageStatusTag';
import { formatDateTime, formatOptionalDateTime } from '../lib/format';
import { MESSAGE_TYPE_LABELS, describeFailure } from '../lib/labels';
import { routeHref } from '../routing/route';

export function MessageRow({ message }: { message: MessageSummary }) {
  const type = MESSAGE_TYPE_LABELS[message.type];
  const subject = message.participantName ? ` for ${message.participantName}` : '';
  return (
    <tr className="nhsuk-table__row">
      <td className="nhsuk-table__cell">
        {/* The link names the message, not just its time, so a list of links still makes sense. */}
        <a href={routeHref({ name: 'message', messageId: message.id })}>
          {formatDateTime(message.createdAt)}
          <span className="nhsuk-u-visually-hidden">
            {' '}
            – {type} message{subject}
          </span>
        </a>
      </td>
      <td className="nhsuk-table__cell">{message.participantName ?? 'None'}</td>
      {/* The type code itself (WORKLIST, FHIR, HL7v2): it is what logs, the gateway and IT use. */}
      <td className="nhsuk-table__cell">{message.type}</td>
      <td className="nhsuk-table__cell">{message.destination}</td>
      <td className="nhsuk-table__cell">{message.gatewayName}</td>
      <td className="nhsuk-table__cell">
        <MessageStatusTag status={message.status} />
      </td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{message.attempts}</td>
      <td className="nhsuk-table__cell">{formatOptionalDateTime(message.deliveredAt, 'Not yet')}</td>
      <td className="nhsuk-table__cell">{formatOptionalDateTime(message.confirmedAt, 'Not yet')}</td>
      <td className="nhsuk-table__cell">{describeFailure(message) || 'None'}</td>
    </tr>
  );
}
