import { useLiveStatus } from '../hooks/use-live-status';

/**
 * Staff must be able to trust what the screen says, so when pushed updates stop we say so instead
 * of silently showing a stale list. The screen refetches itself once the connection is back.
 */
export function LiveUpdatesWarning() {
  const status = useLiveStatus();
  if (status === 'ended')
    return (
      <div className="nhsuk-warning-callout nhsuk-u-margin-top-0" role="alert">
        <p className="nhsuk-warning-callout__label">
          <span className="nhsuk-u-visually-hidden">Important: </span>Modality Link was restarted
        </p>
        <p>
          This tab belongs to the copy that was running before and cannot connect again, so what it shows may
          be out of date. Open Modality Link again from the address it showed when it started (the line
          beginning &quot;UI:&quot;), and close this tab.
        </p>
      </div>
    );
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
