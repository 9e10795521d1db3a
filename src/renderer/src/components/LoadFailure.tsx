import type { IpcError } from '#shared/ipc/contract';
import { ErrorSummary } from './ErrorSummary';

/**
 * A screen whose data could not be loaded: say why, and offer only a next step that can help. Trying
 * again cannot bring back something that does not exist, so a missing record offers the way home.
 */
export function LoadFailure({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: IpcError;
  onRetry: () => void;
}) {
  if (error.kind === 'not_found')
    return (
      <ErrorSummary items={[`Cannot show ${what}: ${error.message}`]}>
        <p className="nhsuk-body nhsuk-u-margin-bottom-0">
          <a href="#/clinics">Go to the clinic list</a>
        </p>
      </ErrorSummary>
    );
  return (
    <ErrorSummary items={[`Cannot load ${what}: ${error.message}`]}>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
        onClick={onRetry}
      >
        Try again
      </button>
    </ErrorSummary>
  );
}
