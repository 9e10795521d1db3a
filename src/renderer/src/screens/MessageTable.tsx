import type { MessageSummary } from '../../../shared/ipc/views';
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
] as const;

export function MessageTable({ messages }: { messages: readonly MessageSummary[] }) {
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
          <MessageRow key={message.id} message={message} />
        ))}
      </tbody>
    </table>
  );
}
