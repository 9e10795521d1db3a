import { useCallback } from 'react';
import type { AppointmentView, ClinicDay } from '../../../shared/ipc/views';
import { useApi } from '../api/connection-context';
import { BackLink } from '../components/BackLink';
import { ErrorSummary } from '../components/ErrorSummary';
import { LiveAnnouncer } from '../components/LiveAnnouncer';
import { Loading } from '../components/Loading';
import { LoadFailure } from '../components/LoadFailure';
import { useApiEvent } from '../hooks/use-api-event';
import { useAppointmentActions } from '../hooks/use-appointment-actions';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRemote } from '../hooks/use-remote';
import { formatDate } from '../lib/format';
import { mergeAppointment } from '../lib/merge';
import { routeHref } from '../routing/route';
import { AppointmentTable } from './AppointmentTable';

export function ClinicDayPage({ clinicId }: { clinicId: string }) {
  const api = useApi();
  const { remote, update, reload } = useRemote(() => api.clinics.get({ clinicId }));
  const day = remote.status === 'ready' ? remote.data : null;
  useDocumentTitle(day ? `${day.clinic.name}, ${formatDate(day.clinic.date)}` : 'Clinic');

  const applyChange = useCallback(
    (changed: AppointmentView) => {
      if (changed.clinicId !== clinicId) return;
      update((current: ClinicDay) => ({
        ...current,
        appointments: mergeAppointment(current.appointments, changed),
      }));
    },
    [clinicId, update],
  );
  // Main re-sends an appointment whenever its messages change, so its message tag stays current too.
  useApiEvent('appointment.changed', applyChange);

  const { run, busyIds, failure, announcement } = useAppointmentActions(applyChange, reload);

  return (
    <>
      <BackLink href={routeHref({ name: 'clinics' })}>Back to clinic list</BackLink>
      {failure ? <ErrorSummary items={[failure.message]} description={failure.participant} /> : null}
      {remote.status === 'loading' ? (
        <>
          <h1>Clinic</h1>
          <Loading what="the clinic" />
        </>
      ) : null}
      {remote.status === 'failed' ? (
        <>
          <LoadFailure what="this clinic" error={remote.error} onRetry={reload} />
          <h1>Clinic</h1>
        </>
      ) : null}
      {day ? (
        <>
          <span className="nhsuk-caption-l">{day.clinic.providerName}</span>
          <h1>{day.clinic.name}</h1>
          <p className="nhsuk-body-l">
            {formatDate(day.clinic.date)} at {day.clinic.location}
          </p>
          <AppointmentTable day={day} busyIds={busyIds} onAction={run} />
          <p className="nhsuk-body">
            <a href={routeHref({ name: 'messages', clinicId })}>View the message log for this clinic</a>
          </p>
        </>
      ) : null}
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
