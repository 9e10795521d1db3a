import { useId, useRef } from 'react';
import type { Workstation } from '../../../shared/ipc/views';
import { CodeBlock } from '../components/CodeBlock';
import { Loading } from '../components/Loading';
import { SummaryRow } from '../components/SummaryRow';
import type { Remote } from '../hooks/use-remote';

interface WorkstationSectionProps {
  workstation: Remote<Workstation>;
  onRetry: () => void;
  /** Announces the outcome of "Copy public key" in the page's live region. */
  announce: (text: string) => void;
}

/** Copies through the async clipboard API, falling back to selecting the text and the copy command. */
async function copyText(
  text: string,
  element: HTMLElement | null,
): Promise<'copied' | 'selected' | 'failed'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    // Denied (Electron's permission handler refuses requests) or unavailable: select it instead.
  }
  if (!element) return 'failed';
  const selection = window.getSelection();
  if (!selection) return 'failed';
  selection.selectAllChildren(element);
  try {
    // Deprecated, but still the one route that needs no permission, from a click.
    if (document.execCommand('copy')) return 'copied';
  } catch {
    // Leave the text selected for the user to copy.
  }
  return 'selected';
}

/**
 * What a gateway administrator needs to enrol this workstation: its ID, the public key, and the
 * fingerprint to read aloud and compare. Nothing here is secret; the private key never leaves main.
 */
export function WorkstationSection({ workstation, onRetry, announce }: WorkstationSectionProps) {
  const headingId = useId();
  const pre = useRef<HTMLPreElement>(null);

  const copy = async (value: Workstation) => {
    const outcome = await copyText(value.publicKey, pre.current);
    if (outcome === 'copied') announce('Public key copied');
    else if (outcome === 'selected') {
      announce(
        'The public key could not be copied automatically. It is selected: press Control and C to copy it.',
      );
    } else announce('The public key could not be copied. Select it and copy it by hand.');
  };

  return (
    <section className="app-gateway" aria-labelledby={headingId}>
      <h2 id={headingId}>This workstation</h2>
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
          <p className="nhsuk-body">
            To enrol this workstation at a gateway, give the gateway&apos;s administrator the workstation ID
            and public key. Read the fingerprint to them so they can check the key arrived unchanged.
          </p>
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
        </>
      ) : null}
    </section>
  );
}
