import type { MessageSummary } from '../../../shared/ipc/views';
import type { MessageAction } from '../lib/message-actions';
import { MessageRow } from './MessageRow';

const COLUMNS = [
  'Created',
  'Participant',
  'Type',
  'Destination',
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
}

export function MessageTable({ messages, busyIds, onAction }: MessageTableProps) {
  if (messages.length === 0) return <p className="nhsuk-body">There are no messages yet.</p>;
  return (
    <table className="nhsuk-table app-table--dense">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
        Outbox messages, newest first
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {COLUMNS.map((column) => (
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
          <MessageRow key={message.id} message={message} busy={busyIds.has(message.id)} onAction={onAction} />
        ))}
      </tbody>
    </table>
  );
}
