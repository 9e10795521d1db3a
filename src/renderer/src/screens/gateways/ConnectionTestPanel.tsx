import { useRef, useState } from 'react';
import type { IpcError, IpcResult } from '#shared/ipc/contract';
import type { ConnectionTest } from '#shared/ipc/views';
import { SummaryRow } from '../../components/SummaryRow';
import { describeProbe, healthDetailRows } from '../../lib/connection-test';
import { formatTime } from '../../lib/format';

type TestState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: ConnectionTest; at: string }
  | { status: 'error' };

interface ConnectionTestPanelProps {
  /** Runs the test: a saved gateway's (`gateways.testConnection`) or the form's (`gateways.testDraft`). */
  run: () => Promise<IpcResult<ConnectionTest>>;
  /** The button's accessible name when it differs from "Test connection" ("Test connection to …"). */
  buttonName?: string;
  /**
   * The result region's name: "Connection test result", or "… for <gateway name>" when the screen
   * shows several gateways, so each landmark has its own name.
   */
  regionName?: string;
  /** The call itself failed (not the gateway): shown in the page's error summary. */
  onError: (error: IpcError) => void;
  /** Called as a test starts, so an earlier failure stops being shown. */
  onStart: () => void;
  /** The call succeeded (whatever the probes found). */
  onDone?: () => void;
}

/**
 * "Test connection": an echo and a health check through the relay. With the gateway not answering
 * this waits for main's timeouts (35 seconds per probe, one after the other: about 70 seconds), so
 * the button stays busy (aria-disabled, keeping focus) and the result region says what is happening;
 * the region is polite and always present, so screen readers hear both the progress and the result.
 */
export function ConnectionTestPanel({
  run,
  buttonName,
  regionName = 'Connection test result',
  onError,
  onStart,
  onDone,
}: ConnectionTestPanelProps) {
  const [state, setState] = useState<TestState>({ status: 'idle' });
  const running = useRef(false);

  const test = async () => {
    if (running.current) return;
    running.current = true;
    onStart();
    setState({ status: 'running' });
    const result = await run();
    running.current = false;
    if (result.ok) {
      setState({ status: 'done', result: result.value, at: new Date().toISOString() });
      onDone?.();
    } else {
      setState({ status: 'error' });
      onError(result.error);
    }
  };

  const busy = state.status === 'running';
  return (
    <div className="app-connection-test">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-4"
        aria-label={buttonName}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) void test();
        }}
      >
        Test connection
      </button>
      <div role="region" aria-label={regionName} aria-live="polite">
        {state.status === 'running' ? (
          <p className="nhsuk-body">
            Testing connection… This can take over a minute if the gateway is not answering.
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
        {result.connection ? (
          <SummaryRow label="Connection">{describeProbe(result.connection)}</SummaryRow>
        ) : null}
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
