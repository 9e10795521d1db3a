import type { AuditEntry } from '#shared/ipc/audit';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import { formatDateTime } from '../../lib/format';

/** One page of the audit log: when, who, what, and which participant it was about. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p className="nhsuk-body">No audit entries match these filters.</p>;
  return (
    <table className="nhsuk-table app-table--dense">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
        Audit log entries, newest first
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {['When', 'Who', 'What', 'Participant'].map((column) => (
            <th key={column} className="nhsuk-table__header" scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {entries.map((entry) => (
          <tr key={entry.id} className="nhsuk-table__row">
            <td className="nhsuk-table__cell">{formatDateTime(entry.at)}</td>
            <td className="nhsuk-table__cell">{entry.actorLabel}</td>
            <td className="nhsuk-table__cell">{entry.actionLabel}</td>
            <td className="nhsuk-table__cell">
              {entry.participant ? (
                <>
                  {entry.participant.name}
                  <br />
                  <span className="nhsuk-u-secondary-text-colour">
                    NHS number {formatNhsNumber(entry.participant.nhsNumber)}
                  </span>
                </>
              ) : (
                <span className="nhsuk-u-secondary-text-colour">Not about a participant</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
