import { useLiveStatus } from '../hooks/use-live-status';

/**
 * Staff must be able to trust what the screen says, so when pushed updates stop we say so instead
 * of silently showing a stale list. The screen refetches itself once the connection is back.
 */
export function LiveUpdatesWarning() {
  const status = useLiveStatus();
  if (status !== 'reconnecting') return null;
  return (
    <div className="nhsuk-warning-callout nhsuk-u-margin-top-0" role="status">
      <p className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>Live updates paused
      </p>
      <p>
        This screen has lost its connection to Modality Link and may be out of date. It will reconnect and
        refresh by itself.
      </p>
    </div>
  );
}
