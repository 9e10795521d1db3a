import { useId } from 'react';
import type { IpcError } from '#shared/ipc/contract';
import type { GatewayView } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { SummaryRow } from '../../components/SummaryRow';
import { Tag } from '../../components/Tag';
import { formatOptionalDateTime, formatRoundTrip } from '../../lib/format';
import {
  CONNECTION_STATE_COLOURS,
  CONNECTION_STATE_LABELS,
  FAILING_PHASE_LABELS,
  describeGatewayProblem,
} from '../../lib/labels';
import { routesNotCarriedText } from '../../lib/gateway-form-profile';
import { routeHref } from '../../routing/route';
import { ConnectionTestPanel } from './ConnectionTestPanel';
import { RehearsalPanel } from './RehearsalPanel';

interface GatewaySectionProps {
  gateway: GatewayView;
  /** True when the screen lists more than one gateway. */
  oneOfSeveral: boolean;
  onTestError: (gatewayName: string, error: IpcError) => void;
  onTestStart: () => void;
}

/**
 * One gateway: its configuration (never keys), its live connection, a link to edit it, and a
 * connection test.
 */
export function GatewaySection({ gateway, oneOfSeveral, onTestError, onTestStart }: GatewaySectionProps) {
  const api = useApi();
  const headingId = useId();
  const { connection } = gateway;
  const problem = describeGatewayProblem(gateway);
  const notCarried = routesNotCarriedText(gateway.profile, gateway.routes);
  return (
    <section className="app-gateway" aria-labelledby={headingId}>
      <h2 id={headingId}>{gateway.name}</h2>
      {problem ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            {problem.title}
          </h3>
          <p>{problem.text}</p>
        </div>
      ) : null}
      {notCarried ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Some routes are not sent
          </h3>
          <p>{notCarried}</p>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list">
        <SummaryRow label="Provider">{gateway.providerName}</SummaryRow>
        <SummaryRow label="Relay">
          <span className="app-code">{gateway.relayAddress}</span>
        </SummaryRow>
        <SummaryRow label="Hybrid connection">
          <span className="app-code">{gateway.hybridConnection}</span>
        </SummaryRow>
        <SummaryRow label="Profile">
          <span className="app-code">{gateway.profile}</span>
        </SummaryRow>
        <SummaryRow label="Signing key">{gateway.keyEnrolled ? 'Enrolled' : 'Not enrolled'}</SummaryRow>
        <SummaryRow label="Connection status">
          <Tag colour={CONNECTION_STATE_COLOURS[connection.state]}>
            {CONNECTION_STATE_LABELS[connection.state]}
          </Tag>
        </SummaryRow>
        <SummaryRow label="Last contact">
          {formatOptionalDateTime(connection.lastContactAt, 'Never')}
        </SummaryRow>
        <SummaryRow label="Last round trip">
          {connection.lastRoundTripMs === null ? 'None yet' : formatRoundTrip(connection.lastRoundTripMs)}
        </SummaryRow>
        <SummaryRow label="Messages waiting">{gateway.waiting}</SummaryRow>
        <SummaryRow label="Messages failed">{gateway.failed}</SummaryRow>
        {connection.lastError !== null || connection.failingPhase !== null ? (
          // The technical detail IT asks for, next to the plain words in the callout above.
          <SummaryRow label="Last error">
            {connection.lastError ?? 'None'}
            {connection.failingPhase ? (
              <>
                {' '}
                <span className="app-code">
                  ({FAILING_PHASE_LABELS[connection.failingPhase]}: {connection.failingPhase})
                </span>
              </>
            ) : null}
          </SummaryRow>
        ) : null}
      </dl>
      <p className="nhsuk-body">
        <a href={routeHref({ name: 'gateway-edit', gatewayId: gateway.id })}>
          Edit<span className="nhsuk-u-visually-hidden"> {gateway.name}</span>
        </a>
      </p>
      <ConnectionTestPanel
        run={() => api.gateways.testConnection({ gatewayId: gateway.id })}
        buttonName={`Test connection to ${gateway.name}`}
        regionName={`Connection test result${oneOfSeveral ? ` for ${gateway.name}` : ''}`}
        onError={(error) => onTestError(gateway.name, error)}
        onStart={onTestStart}
      />
      <RehearsalPanel gatewayId={gateway.id} gatewayName={gateway.name} headingLevel="h3" />
    </section>
  );
}
