import { useApi } from '../../api/connection-context';
import { useRemote } from '../../hooks/use-remote';
import { formatDate } from '../../lib/format';
import { routeHref } from '../../routing/route';

/** Names the clinic the log is filtered to, and offers the way back to the whole log. */
export function ClinicFilterNotice({ clinicId }: { clinicId: string }) {
  const api = useApi();
  const { remote } = useRemote(() => api.clinics.get({ clinicId }));
  const clinicName =
    remote.status === 'ready'
      ? `${remote.data.clinic.name}, ${formatDate(remote.data.clinic.date)}`
      : 'one clinic';
  return (
    <p className="nhsuk-body">
      Showing messages for {clinicName}. <a href={routeHref({ name: 'messages' })}>Show every clinic</a>
    </p>
  );
}
