import type { ImportOutcome, ImportPreview } from '#shared/ipc/clinic-import';
import { SummaryRow } from '../../components/SummaryRow';
import { Tag } from '../../components/Tag';
import { formatDate } from '../../lib/format';
import type { TagColour } from '../../lib/labels';

const OUTCOME_WORDS: Record<ImportOutcome, { text: string; colour: TagColour }> = {
  create: { text: 'New', colour: 'green' },
  update: { text: 'Updated', colour: 'blue' },
  unchanged: { text: 'Already booked', colour: 'grey' },
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The counts of a dry run or of a finished import, as a summary list. */
export function ImportCounts({ preview }: { preview: ImportPreview }) {
  const { counts } = preview;
  return (
    <dl className="nhsuk-summary-list">
      <SummaryRow label="File">
        {preview.fileName} ({preview.format === 'fhir' ? 'FHIR bundle' : 'CSV file'})
      </SummaryRow>
      <SummaryRow label="Appointments in the file">{counts.rows.toLocaleString('en-GB')}</SummaryRow>
      <SummaryRow label="New appointments">{counts.create.toLocaleString('en-GB')}</SummaryRow>
      <SummaryRow label="Appointments updated">{counts.update.toLocaleString('en-GB')}</SummaryRow>
      <SummaryRow label="Already booked, no change">{counts.unchanged.toLocaleString('en-GB')}</SummaryRow>
      <SummaryRow label="Rows with problems, not imported">
        {counts.errors.toLocaleString('en-GB')}
      </SummaryRow>
    </dl>
  );
}

/** What the import would do: counts, new clinics, appointments it leaves alone, problems and the first rows. */
export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <ImportCounts preview={preview} />
      {preview.newClinics.length > 0 ? (
        <>
          <h3>{plural(preview.newClinics.length, 'new clinic')}</h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {preview.newClinics.map((c) => (
              <li key={`${c.date}|${c.name}|${c.location}`}>
                {formatDate(c.date)}, {c.name}, {c.location} ({plural(c.appointments, 'appointment')})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.notInFile > 0 ? (
        <div className="nhsuk-warning-callout app-callout--tight">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            {plural(preview.notInFile, 'booked appointment is', 'booked appointments are')} not in this file
          </h3>
          <p>
            The import never deletes appointments: they stay as they are. If they should not happen, cancel
            them on the clinic day.
          </p>
        </div>
      ) : null}
      {preview.errors.length > 0 ? <ImportProblems preview={preview} /> : null}
      {preview.firstRows.length > 0 ? <FirstRows preview={preview} /> : null}
    </>
  );
}

function ImportProblems({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <h3>Rows that will not be imported</h3>
      <p className="nhsuk-body">
        Correct these rows in the file and import it again: rows already imported will not be repeated.
      </p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Problems found in the file</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Where
            </th>
            <th scope="col" className="nhsuk-table__header">
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {preview.errors.map((e, index) => (
            <tr key={`${index}:${e.where}`} className="nhsuk-table__row">
              <td className="nhsuk-table__cell app-nowrap">{e.where}</td>
              <td className="nhsuk-table__cell">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.errorsNotShown > 0 ? (
        <p className="nhsuk-body">And {plural(preview.errorsNotShown, 'more problem')} not listed here.</p>
      ) : null}
    </>
  );
}

function FirstRows({ preview }: { preview: ImportPreview }) {
  const headers = ['Where', 'Date', 'Time', 'Clinic', 'Participant', 'NHS number', 'What happens'];
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">
        {preview.firstRows.length < preview.counts.rows - preview.counts.errors
          ? `The first ${preview.firstRows.length} rows that can be imported`
          : 'Rows that can be imported'}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {headers.map((h) => (
            <th key={h} scope="col" className="nhsuk-table__header">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {preview.firstRows.map((r) => (
          <tr key={r.where} className="nhsuk-table__row">
            <td className="nhsuk-table__cell app-nowrap">{r.where}</td>
            <td className="nhsuk-table__cell app-nowrap">{formatDate(r.clinicDate)}</td>
            <td className="nhsuk-table__cell">{r.time}</td>
            <td className="nhsuk-table__cell">{r.clinicName}</td>
            <td className="nhsuk-table__cell">{r.participantName}</td>
            <td className="nhsuk-table__cell app-nowrap">{r.nhsNumber}</td>
            <td className="nhsuk-table__cell">
              <Tag colour={OUTCOME_WORDS[r.outcome].colour}>{OUTCOME_WORDS[r.outcome].text}</Tag>
              {r.note ? <span className="nhsuk-body-s"> {r.note}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
