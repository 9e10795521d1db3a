import { useId, useRef, type ReactNode } from 'react';
import type { Workstation } from '#shared/ipc/views';
import { CodeBlock } from '../../components/CodeBlock';
import { Loading } from '../../components/Loading';
import { SummaryRow } from '../../components/SummaryRow';
import type { Remote } from '../../hooks/use-remote';
import { copyOutcomeText, copyText } from '../../lib/clipboard';

interface WorkstationSectionProps {
  workstation: Remote<Workstation>;
  onRetry: () => void;
  /** Announces the outcome of "Copy public key" in a live region. */
  announce: (text: string) => void;
  /** The section's heading; the gateway form calls it "Enrol this workstation at the gateway". */
  title?: string;
  /** The paragraph under the heading. */
  intro?: ReactNode;
  /** More for the ready state, after the public key (the gateway form's enrolment command). */
  children?: (workstation: Workstation) => ReactNode;
}

const DEFAULT_INTRO = (
  <>
    To enrol this workstation at a gateway, give the gateway&apos;s administrator the workstation ID and
    public key. Read the fingerprint to them so they can check the key arrived unchanged.
  </>
);

/**
 * What a gateway administrator needs to enrol this workstation: its ID, the public key, and the
 * fingerprint to read aloud and compare. Nothing here is secret; the private key never leaves main.
 */
export function WorkstationSection({
  workstation,
  onRetry,
  announce,
  title = 'This workstation',
  intro = DEFAULT_INTRO,
  children,
}: WorkstationSectionProps) {
  const headingId = useId();
  const pre = useRef<HTMLPreElement>(null);

  const copy = async (value: Workstation) => {
    announce(copyOutcomeText('public key', await copyText(value.publicKey, pre.current)));
  };

  return (
    <section className="app-gateway" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {workstation.status === 'loading' ? <Loading what="this workstation's details" /> : null}
      {workstation.status === 'failed' ? (
        // Inline rather than a second error summary: the page's summary owns focus-on-error.
        <>
          <p className="nhsuk-body">
            Cannot load this workstation&apos;s details: {workstation.error.message}
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onRetry}>
            Try again
          </button>
        </>
      ) : null}
      {workstation.status === 'ready' ? (
        <>
          <p className="nhsuk-body">{intro}</p>
          <dl className="nhsuk-summary-list">
            <SummaryRow label="Workstation ID">
              <span className="app-code">{workstation.data.workstationId}</span>
            </SummaryRow>
            <SummaryRow label="Fingerprint">
              <span className="app-code app-fingerprint">{workstation.data.fingerprint}</span>
            </SummaryRow>
          </dl>
          <CodeBlock title="Public key" text={workstation.data.publicKey} level={3} preRef={pre} />
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            onClick={() => void copy(workstation.data)}
          >
            Copy public key
          </button>
          {children?.(workstation.data)}
        </>
      ) : null}
    </section>
  );
}
