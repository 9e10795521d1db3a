import { useEffect, useId, useRef, useState } from 'react';
import type { Rehearsal } from '#shared/ipc/rehearsal';
import { useApi } from '../../api/connection-context';
import { Tag } from '../../components/Tag';
import { PHASE_STATUS_COLOURS, PHASE_STATUS_LABELS, phaseTime, rehearsalHeadline } from '../../lib/rehearsal';

interface RehearsalPanelProps {
  gatewayId: string;
  gatewayName: string;
  /** Set on a clinic day: the result is kept with that clinic. */
  clinicId?: string;
  /** The heading level that fits where the panel sits. */
  headingLevel: 'h2' | 'h3';
}

type RunState = { status: 'idle' } | { status: 'running' } | { status: 'error'; message: string };

/**
 * "Rehearse": a test participant round the gateway's loop before the clinic (ADR 0025), then the
 * latest result with each step, its time and, for a failed step, what to do. The result region is
 * polite and always present, so screen readers hear progress and result; the button stays focusable
 * while busy (aria-disabled).
 */
export function RehearsalPanel({
  gatewayId,
  gatewayName,
  clinicId,
  headingLevel: Heading,
}: RehearsalPanelProps) {
  const api = useApi();
  const headingId = useId();
  const [latest, setLatest] = useState<Rehearsal | null>(null);
  const [run, setRun] = useState<RunState>({ status: 'idle' });
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    void api.gateways.rehearsals({}).then((result) => {
      if (live && result.ok) setLatest(result.value.find((r) => r.gatewayId === gatewayId) ?? null);
    });
    return () => {
      live = false;
    };
  }, [api, gatewayId]);

  const rehearse = async () => {
    if (busy.current) return;
    busy.current = true;
    setRun({ status: 'running' });
    const result = await api.gateways.rehearse(clinicId ? { gatewayId, clinicId } : { gatewayId });
    busy.current = false;
    if (result.ok) {
      setLatest(result.value);
      setRun({ status: 'idle' });
    } else setRun({ status: 'error', message: result.error.message });
  };

  const running = run.status === 'running';
  return (
    <section className="app-rehearsal" aria-labelledby={headingId}>
      <Heading className="nhsuk-heading-s" id={headingId}>
        Pre-clinic rehearsal
      </Heading>
      <p className="nhsuk-body">
        Sends a test participant through the relay to the gateway, checks the modality worklist shows it,
        waits for the modality if it takes part, then removes it. The test participant never appears in clinic
        lists.
      </p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-4"
        aria-label={`Rehearse with ${gatewayName}`}
        aria-disabled={running || undefined}
        onClick={() => {
          if (!running) void rehearse();
        }}
      >
        Rehearse
      </button>
      <div role="region" aria-label={`Rehearsal result for ${gatewayName}`} aria-live="polite">
        {running ? <p className="nhsuk-body">Rehearsing… This can take up to a minute.</p> : null}
        {run.status === 'error' ? (
          <p className="nhsuk-body">The rehearsal could not be run: {run.message}</p>
        ) : null}
        {!running && latest ? <RehearsalResult rehearsal={latest} /> : null}
        {!running && !latest && run.status === 'idle' ? (
          <p className="nhsuk-body">Not rehearsed yet.</p>
        ) : null}
      </div>
    </section>
  );
}

function RehearsalResult({ rehearsal }: { rehearsal: Rehearsal }) {
  return (
    <>
      <p className="nhsuk-body nhsuk-u-font-weight-bold">{rehearsalHeadline(rehearsal)}</p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Rehearsal steps</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Step
            </th>
            <th scope="col" className="nhsuk-table__header">
              Result
            </th>
            <th scope="col" className="nhsuk-table__header">
              Time
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rehearsal.phases.map((phase) => (
            <tr className="nhsuk-table__row" key={phase.phase}>
              <th scope="row" className="nhsuk-table__header">
                {phase.name}
                {phase.optional ? ' (optional)' : ''}
              </th>
              <td className="nhsuk-table__cell">
                <Tag colour={PHASE_STATUS_COLOURS[phase.status]} small>
                  {PHASE_STATUS_LABELS[phase.status]}
                </Tag>{' '}
                {phase.message}
                {phase.whatToDo ? (
                  <strong className="app-rehearsal__todo"> What to do: {phase.whatToDo}</strong>
                ) : null}
              </td>
              <td className="nhsuk-table__cell">{phaseTime(phase)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
