import { useId, useState } from 'react';
import { useApi } from '../../api/connection-context';

type Outcome = { ok: true; file: string } | { ok: false; message: string };

/**
 * "Export diagnostics": writes one file for the service desk (versions, settings without keys, the
 * database check and recent logs; no patient data) and says where it is, for IT to collect.
 */
export function SupportSection() {
  const api = useApi();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    setBusy(true);
    setOutcome(null);
    const result = await api.app.exportDiagnostics({});
    setBusy(false);
    setOutcome(
      result.ok ? { ok: true, file: result.value.file } : { ok: false, message: result.error.message },
    );
  };

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Support</h2>
      <p className="nhsuk-body">
        If the service desk asks for diagnostics, export them here and send them the file. It holds versions,
        settings without keys, a database check and recent logs; no patient details.
      </p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        onClick={() => void run()}
        disabled={busy}
      >
        Export diagnostics
      </button>
      <div role="status" aria-live="polite">
        {outcome?.ok ? (
          <p className="nhsuk-body">
            Diagnostics saved to <code>{outcome.file}</code>
          </p>
        ) : null}
        {outcome && !outcome.ok ? (
          <p className="nhsuk-body">Diagnostics could not be saved: {outcome.message}</p>
        ) : null}
      </div>
    </section>
  );
}
