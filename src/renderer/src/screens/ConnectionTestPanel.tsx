import { useRef, useState } from 'react';
import type { ConnectionTest, GatewayView } from '../../../shared/ipc/views';
import { useApi } from '../api/connection-context';
import { SummaryRow } from '../components/SummaryRow';
import { describeProbe, healthDetailRows } from '../lib/connection-test';
import { formatTime } from '../lib/format';

type TestState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: ConnectionTest; at: string }
  | { status: 'error' };

interface ConnectionTestPanelProps {
  gateway: Pick<GatewayView, 'id' | 'name'>;
  /**
   * Name the result region after the gateway too ("Connection test result for …"): needed only when
   * the screen shows several gateways, so each landmark has its own name.
   */
  nameRegionByGateway?: boolean;
  /** The call itself failed (not the gateway): shown in the page's error summary. */
  onError: (gatewayName: string, message: string) => void;
  /** Called as a test starts, so an earlier failure stops being shown. */
  onStart: () => void;
}

/**
 * "Test connection": an echo and a health check through the relay. With the gateway down this waits
 * for main's timeouts (up to about 35 seconds), so the button stays busy (aria-disabled, keeping
 * focus) and the result region says what is happening; the region is polite and always present, so
 * screen readers hear both the progress and the result.
 */
export function ConnectionTestPanel({
  gateway,
  nameRegionByGateway = false,
  onError,
  onStart,
}: ConnectionTestPanelProps) {
  const api = useApi();
  const [state, setState] = useState<TestState>({ status: 'idle' });
  const running = useRef(false);

  const test = async () => {
    if (running.current) return;
    running.current = true;
    onStart();
    setState({ status: 'running' });
    const result = await api.gateways.testConnection({ gatewayId: gateway.id });
    running.current = false;
    if (result.ok) {
      setState({ status: 'done', result: result.value, at: new Date().toISOString() });
    } else {
      setState({ status: 'error' });
      onError(gateway.name, result.error.message);
    }
  };

  const busy = state.status === 'running';
  return (
    <div className="app-connection-test">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-4"
        aria-label={`Test connection to ${gateway.name}`}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) void test();
        }}
      >
        Test connection
      </button>
      <div
        role="region"
        aria-label={`Connection test result${nameRegionByGateway ? ` for ${gateway.name}` : ''}`}
        aria-live="polite"
      >
        {state.status === 'running' ? (
          <p className="nhsuk-body">
            Testing connection… This can take up to 35 seconds if the gateway is not answering.
          </p>
        ) : null}
        {state.status === 'error' ? (
          <p className="nhsuk-body">
            The test could not be run. The problem is shown at the top of the page.
          </p>
        ) : null}
        {state.status === 'done' ? <TestResult result={state.result} at={state.at} /> : null}
      </div>
    </div>
  );
}

function TestResult({ result, at }: { result: ConnectionTest; at: string }) {
  const details = healthDetailRows(result.health.details);
  return (
    <>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2">Tested at {formatTime(at)}.</p>
      <dl className="nhsuk-summary-list">
        <SummaryRow label="Echo">{describeProbe(result.echo)}</SummaryRow>
        <SummaryRow label="Health">{describeProbe(result.health)}</SummaryRow>
        {details.map((row) => (
          <SummaryRow
            key={row.key}
            label={
              <>
                <span className="nhsuk-u-visually-hidden">Health: </span>
                <span className="app-code">{row.key}</span>
              </>
            }
          >
            {row.structured ? <pre className="app-code app-json-value">{row.value}</pre> : row.value}
          </SummaryRow>
        ))}
      </dl>
    </>
  );
}
