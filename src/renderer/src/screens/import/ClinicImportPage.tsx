import { useRef, type FormEvent } from 'react';
import { MAX_IMPORT_SIZE_WORDS, type ImportProgress } from '#shared/ipc/clinic-import';
import { BackLink } from '../../components/BackLink';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ErrorMessage, errorId, Hint, hintId } from '../../components/FormFields';
import { useClinicImport } from '../../hooks/use-clinic-import';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { routeHref } from '../../routing/route';
import { ImportCounts, ImportPreviewView } from './ImportPreviewView';

const FILE_ID = 'clinic-list-file';
const COLUMNS = [
  'clinic_date',
  'clinic_name',
  'location',
  'appointment_time',
  'slot_minutes',
  'nhs_number',
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
];

/**
 * Standalone units receive the day's list as a file: choose it, see what importing it would do, then
 * import. Nothing changes until "Import clinic list"; importing the same file again changes nothing.
 */
export function ClinicImportPage() {
  useDocumentTitle('Import a clinic list');
  const { state, fileProblem, failure, progress, attempts, check, commit, reset } = useClinicImport();
  const input = useRef<HTMLInputElement>(null);
  const busy = state.stage === 'checking' || state.stage === 'importing';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check(input.current?.files?.[0] ?? null);
  };

  const problems = [
    ...(fileProblem ? [{ text: fileProblem, targetId: FILE_ID }] : []),
    ...(failure ? [failure.message] : []),
  ];
  return (
    <>
      <BackLink href={routeHref({ name: 'clinics' })}>Back to clinics</BackLink>
      {problems.length > 0 ? <ErrorSummary items={problems} focusKey={attempts} /> : null}
      <h1>Import a clinic list</h1>
      {state.stage === 'imported' ? (
        <>
          <div role="status">
            <h2>Clinic list imported</h2>
          </div>
          <ImportCounts preview={state.result} />
          <p className="nhsuk-body">
            <a href={routeHref({ name: 'clinics' })}>Go to the clinics</a> or{' '}
            <a
              href={routeHref({ name: 'clinic-import' })}
              onClick={(event) => {
                event.preventDefault();
                reset();
              }}
            >
              import another file
            </a>
            .
          </p>
        </>
      ) : (
        <>
          <p className="nhsuk-body">
            Choose the clinic list your unit received, as a CSV file or a FHIR bundle. You will see what the
            import would do before anything changes.
          </p>
          <FileHelp />
          <form onSubmit={submit} noValidate>
            <div className={`nhsuk-form-group${fileProblem ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor={FILE_ID}>
                Clinic list file
              </label>
              <Hint id={hintId(FILE_ID)}>
                A CSV file or a FHIR bundle (.json), up to {MAX_IMPORT_SIZE_WORDS}
              </Hint>
              {fileProblem ? <ErrorMessage id={errorId(FILE_ID)}>{fileProblem}</ErrorMessage> : null}
              <input
                ref={input}
                id={FILE_ID}
                type="file"
                className="nhsuk-u-margin-bottom-3"
                accept=".csv,.json,text/csv,application/json,application/fhir+json"
                aria-describedby={fileProblem ? `${hintId(FILE_ID)} ${errorId(FILE_ID)}` : hintId(FILE_ID)}
                onChange={reset}
                disabled={busy}
              />
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
              Check the file
            </button>
          </form>
          <ProgressNote stage={state.stage} progress={progress} />
          {state.stage === 'preview' || state.stage === 'importing' ? (
            <>
              <h2>What the import would do</h2>
              <ImportPreviewView preview={state.preview} />
              {state.preview.counts.create + state.preview.counts.update > 0 ? (
                <button
                  type="button"
                  className="nhsuk-button"
                  disabled={busy}
                  onClick={() => void commit(state.preview)}
                >
                  Import clinic list
                </button>
              ) : (
                <div className="nhsuk-inset-text">
                  <span className="nhsuk-u-visually-hidden">Information: </span>
                  <p>Nothing to import: every appointment in this file is already booked or has a problem.</p>
                </div>
              )}
            </>
          ) : null}
        </>
      )}
    </>
  );
}

/** How far checking or importing has got, announced politely; a large file takes a few seconds. */
function ProgressNote({ stage, progress }: { stage: string; progress: ImportProgress | null }) {
  const running = stage === 'checking' || stage === 'importing';
  const verb = stage === 'importing' ? 'Importing' : 'Checking';
  const text = !running
    ? ''
    : progress?.phase === 'writing'
      ? `Saving ${progress.total.toLocaleString('en-GB')} rows…`
      : progress && progress.total > 0
        ? `${verb}: ${progress.done.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')} rows checked`
        : `${verb} the file…`;
  return (
    <div className="nhsuk-body" role="status">
      {running ? (
        <>
          <progress
            aria-label="Progress of the import"
            max={progress?.total || 1}
            value={progress?.phase === 'writing' ? progress.total : (progress?.done ?? 0)}
          />{' '}
          {text}
        </>
      ) : null}
    </div>
  );
}

function FileHelp() {
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">What the file must contain</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          A CSV file has a first row naming its columns, in any order:{' '}
          {COLUMNS.map((c, i) => (
            <span key={c}>
              {i > 0 ? ', ' : ''}
              <code>{c}</code>
            </span>
          ))}
          . Slot length is optional (15 minutes if empty). Dates as 2027-03-01 or 01/03/2027, times as 09:15.
        </p>
        <p>
          A FHIR bundle holds booked Appointments, each with its Patient (with an NHS number) and a Location;
          the clinic&apos;s name is the appointment&apos;s service type.
        </p>
        <p>
          Appointments already booked are recognised by clinic, date and time, so importing a file again adds
          only what is new. Appointments already checked in or sent are never changed, and nothing is deleted.
        </p>
      </div>
    </details>
  );
}
