import type { MessageSummary } from '#shared/ipc/views';
import type { MessageAction } from '../../lib/message-actions';
import { MessageRow } from './MessageRow';

const COLUMNS = [
  'Created',
  'Participant',
  'Sent to',
  'Gateway',
  'Status',
  'Attempts',
  'Delivered',
  'Confirmed',
  'Last error',
  'Actions',
] as const;

interface MessageTableProps {
  messages: readonly MessageSummary[];
  busyIds: ReadonlySet<string>;
  onAction: (action: MessageAction, message: MessageSummary) => void;
  /** The table's (visually hidden) caption. */
  caption?: string;
  /** False where every message is for the same participant (the appointment screen). */
  showParticipant?: boolean;
}

export function MessageTable({
  messages,
  busyIds,
  onAction,
  caption = 'Outbox messages, newest first',
  showParticipant = true,
}: MessageTableProps) {
  const columns = showParticipant ? COLUMNS : COLUMNS.filter((column) => column !== 'Participant');
  if (messages.length === 0) return <p className="nhsuk-body">There are no messages yet.</p>;
  return (
    <table className="nhsuk-table app-table--dense">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {columns.map((column) => (
            <th
              key={column}
              scope="col"
              className={`nhsuk-table__header${column === 'Attempts' ? ' nhsuk-table__header--numeric' : ''}`}
            >
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {messages.map((message) => (
          <MessageRow
            key={message.id}
            message={message}
            busy={busyIds.has(message.id)}
            onAction={onAction}
            showParticipant={showParticipant}
          />
        ))}
      </tbody>
    </table>
  );
}
