import type { IpcError } from '../../../shared/ipc/contract';
import { ErrorSummary } from './ErrorSummary';

/** A screen whose data could not be loaded: say why, and offer the obvious next step. */
export function LoadFailure({
  what,
  error,
  onRetry,
}: {
  what: string;
  error: IpcError;
  onRetry: () => void;
}) {
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
