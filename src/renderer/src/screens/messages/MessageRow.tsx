import { useRef } from 'react';
import type { MessageSummary } from '#shared/ipc/views';
import { MessageStatusTag } from '../../components/MessageStatusTag';
import { OutcomeTag } from '../../components/OutcomeTag';
import { formatDateTime, formatNextAttempt, formatOptionalDateTime } from '../../lib/format';
import { MESSAGE_TYPE_LABELS, describeFailure } from '../../lib/labels';
import type { MessageAction } from '../../lib/message-actions';
import { routeHref } from '../../routing/route';
import { MessageActions } from './MessageActions';

interface MessageRowProps {
  message: MessageSummary;
  busy: boolean;
  onAction: (action: MessageAction, message: MessageSummary) => void;
  showParticipant?: boolean;
}

export function MessageRow({ message, busy, onAction, showParticipant = true }: MessageRowProps) {
  const type = MESSAGE_TYPE_LABELS[message.type];
  const subject = message.participantName ? ` for ${message.participantName}` : '';
  const link = useRef<HTMLAnchorElement>(null);
  return (
    <tr className="nhsuk-table__row" aria-busy={busy || undefined}>
      <td className="nhsuk-table__cell">
        {/* The link names the message, not just its time, so a list of links still makes sense. */}
        <a href={routeHref({ name: 'message', messageId: message.id })} ref={link}>
          {formatDateTime(message.createdAt)}
          <span className="nhsuk-u-visually-hidden">
            {' '}
            – {type} message{subject}
          </span>
        </a>
      </td>
      {showParticipant ? <td className="nhsuk-table__cell">{message.participantName ?? 'None'}</td> : null}
      {/* Staff words; the code and the gateway's destination name are on the message's own page. */}
      <td className="nhsuk-table__cell">{type}</td>
      <td className="nhsuk-table__cell">{message.gatewayName}</td>
      <td className="nhsuk-table__cell">
        <div className="app-status-tags">
          <MessageStatusTag status={message.status} />
          {message.outcome ? <OutcomeTag outcome={message.outcome} small /> : null}
        </div>
        {message.status === 'retry_wait' && message.nextAttemptAt ? (
          <span className="app-hint">{formatNextAttempt(message.nextAttemptAt)}</span>
        ) : null}
      </td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{message.attempts}</td>
      <td className="nhsuk-table__cell">{formatOptionalDateTime(message.deliveredAt, 'Not yet')}</td>
      <td className="nhsuk-table__cell">{formatOptionalDateTime(message.confirmedAt, 'Not yet')}</td>
      <td className="nhsuk-table__cell">{describeFailure(message) || 'None'}</td>
      <td className="nhsuk-table__cell">
        <MessageActions message={message} busy={busy} onAction={onAction} fallbackFocus={link} />
      </td>
    </tr>
  );
}
