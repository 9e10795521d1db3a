import { MESSAGE_STATUS_LABELS, MESSAGE_TYPE_NAMES } from '#shared/domain/message';
import { useApi } from '../../api/connection-context';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { useApiEvent } from '../../hooks/use-api-event';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useRemote } from '../../hooks/use-remote';
import { describeLatency } from '../../lib/dashboard-words';
import { formatDate, formatDateTime, formatTime } from '../../lib/format';
import { CONNECTION_STATE_LABELS } from '../../lib/labels';
import { routeHref } from '../../routing/route';
import { LatencyChart } from './LatencyChart';

/**
 * Today at a glance, live: how long each send took to be confirmed, messages by state, each gateway's
 * connection and reconnects, and who is not on the worklist yet. Every chart's figures are also a table.
 */
export function DashboardPage() {
  const api = useApi();
  useDocumentTitle('Dashboard');
  const { remote, reload } = useRemote(() => api.dashboard.get({}));
  // Figures are recomputed in main; many events in a burst make one fetch.
  const refresh = useDebouncedCallback(reload, 1000);
  useApiEvent('message.changed', refresh);
  useApiEvent('gateway.changed', refresh);

  if (remote.status === 'loading') return <Loading what="the dashboard" />;
  if (remote.status === 'failed')
    return <LoadFailure what="the dashboard" error={remote.error} onRetry={reload} />;
  const data = remote.data;
  const summary = describeLatency(data.latency);
  return (
    <>
      <h1>Dashboard</h1>
      <p className="nhsuk-body">Today, {formatDate(data.day)}. Updates as messages and gateways change.</p>

      <h2>Not on the worklist yet</h2>
      {data.atRisk.length === 0 ? (
        <p className="nhsuk-body" data-testid="at-risk">
          Everyone sent to the modality today is on the worklist.
        </p>
      ) : (
        <div className="nhsuk-warning-callout" data-testid="at-risk">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {data.atRisk.length === 1 ? '1 participant' : `${data.atRisk.length} participants`} not on the
              worklist yet
            </span>
          </h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {data.atRisk.map((a) => (
              <li key={a.appointmentId}>
                <a href={routeHref({ name: 'appointment', appointmentId: a.appointmentId })}>{a.name}</a>,
                waiting since {formatTime(a.since)}
              </li>
            ))}
          </ul>
        </div>
      )}

      <h2>Click to confirmed</h2>
      <p className="nhsuk-body">{summary}</p>
      <LatencyChart points={data.latency} summary={summary} />
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Show these times as a table</span>
        </summary>
        <div className="nhsuk-details__text">
          <table className="nhsuk-table app-table--dense">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
              Click to confirmed, by message
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">
                  Confirmed at
                </th>
                <th className="nhsuk-table__header" scope="col">
                  Sent to
                </th>
                <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                  Milliseconds
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {data.latency.map((p, i) => (
                <tr key={`${p.at}-${i}`} className="nhsuk-table__row">
                  <td className="nhsuk-table__cell">{formatTime(p.at)}</td>
                  <td className="nhsuk-table__cell">{MESSAGE_TYPE_NAMES[p.type]}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{Math.round(p.ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <h2>Today&apos;s messages by state</h2>
      <table className="nhsuk-table" data-testid="by-status">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
          Messages created today, by state
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              State
            </th>
            <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
              Messages
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {data.byStatus.map((s) => (
            <tr key={s.status} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{MESSAGE_STATUS_LABELS[s.status]}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{s.count}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Gateways</h2>
      <table className="nhsuk-table" data-testid="gateway-health">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
          Gateway connections since the app started
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              Gateway
            </th>
            <th className="nhsuk-table__header" scope="col">
              Connection
            </th>
            <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
              Last round trip
            </th>
            <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
              Reconnects
            </th>
            <th className="nhsuk-table__header" scope="col">
              Last change
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {data.gateways.map((g) => (
            <tr key={g.id} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{g.name}</td>
              <td className="nhsuk-table__cell">{CONNECTION_STATE_LABELS[g.state]}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                {g.lastRoundTripMs === null ? 'None yet' : `${Math.round(g.lastRoundTripMs)} ms`}
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{g.reconnects}</td>
              <td className="nhsuk-table__cell">
                {g.changes.at(-1) ? formatDateTime(g.changes.at(-1)!.at) : 'None since the app started'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
