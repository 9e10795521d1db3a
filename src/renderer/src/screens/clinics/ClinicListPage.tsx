import type { ClinicSummary } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { useApiEvent } from '../../hooks/use-api-event';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useRemote } from '../../hooks/use-remote';
import { clinicListFrom, groupClinics } from '../../lib/clinic-groups';
import { formatDate } from '../../lib/format';
import { formatStateCounts } from '../../lib/labels';
import { routeHref } from '../../routing/route';

export function ClinicListPage() {
  const api = useApi();
  useDocumentTitle('Clinics');
  // Two years of clinics would be a long list and a slow query: the last four weeks and what is coming.
  const { remote, reload } = useRemote(() => api.clinics.list({ from: clinicListFrom(new Date()) }));
  // Counts are per clinic and events are per appointment, so refetch rather than recount here.
  const refreshCounts = useDebouncedCallback(reload, 300);
  useApiEvent('appointment.changed', refreshCounts);

  return (
    <>
      <h1>Clinics</h1>
      <p className="nhsuk-body">
        <a href={routeHref({ name: 'clinic-import' })}>Import a clinic list from a file</a>
      </p>
      {remote.status === 'loading' ? <Loading what="clinics" /> : null}
      {remote.status === 'failed' ? (
        <LoadFailure what="clinics" error={remote.error} onRetry={reload} />
      ) : null}
      {remote.status === 'ready' ? <ClinicGroupsView clinics={remote.data} /> : null}
    </>
  );
}

/** Today's clinics first and marked, then what is coming up; past clinics folded away until asked for. */
function ClinicGroupsView({ clinics }: { clinics: readonly ClinicSummary[] }) {
  if (clinics.length === 0) return <p className="nhsuk-body">There are no clinics to show.</p>;
  const { today, upcoming, past } = groupClinics(clinics, new Date());
  return (
    <>
      <h2>Today</h2>
      {today.length > 0 ? (
        <ClinicTable clinics={today} caption="Today's clinics" today />
      ) : (
        <p className="nhsuk-body">There is no clinic today.</p>
      )}
      {upcoming.length > 0 ? (
        <>
          <h2>Coming up</h2>
          <ClinicTable clinics={upcoming} caption="Clinics coming up, by date" />
        </>
      ) : null}
      {past.length > 0 ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Past clinics, last four weeks ({past.length})</span>
          </summary>
          <div className="nhsuk-details__text">
            <ClinicTable clinics={past} caption="Past clinics, most recent first" />
          </div>
        </details>
      ) : null}
    </>
  );
}

function ClinicTable({
  clinics,
  caption,
  today = false,
}: {
  clinics: readonly ClinicSummary[];
  caption: string;
  today?: boolean;
}) {
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Date
          </th>
          <th scope="col" className="nhsuk-table__header">
            Clinic
          </th>
          <th scope="col" className="nhsuk-table__header">
            Provider
          </th>
          <th scope="col" className="nhsuk-table__header">
            Location
          </th>
          <th scope="col" className="nhsuk-table__header">
            Appointments
          </th>
          <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {clinics.map((clinic) => (
          <tr key={clinic.id} className="nhsuk-table__row">
            <td className="nhsuk-table__cell app-nowrap">
              {formatDate(clinic.date)}
              {today ? (
                <>
                  {' '}
                  <strong className="nhsuk-tag nhsuk-tag--blue">Today</strong>
                </>
              ) : null}
            </td>
            <td className="nhsuk-table__cell">
              <a href={routeHref({ name: 'clinic', clinicId: clinic.id })}>{clinic.name}</a>
            </td>
            <td className="nhsuk-table__cell">{clinic.providerName}</td>
            <td className="nhsuk-table__cell">{clinic.location}</td>
            <td className="nhsuk-table__cell">{formatStateCounts(clinic.counts)}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{clinic.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
