import { useEffect, useId, useRef } from 'react';
import type { ManualModeSwitch as SwitchState } from '../../hooks/use-manual-mode-switch';

interface ManualModeSwitchProps {
  manualMode: boolean;
  clinicName: string;
  state: SwitchState;
}

/**
 * "Switch to manual mode" / "Switch off manual mode", confirmed in place: the button gives way to a
 * short panel saying what will change, with "Yes, …" and "Cancel". The panel's heading takes focus
 * so screen readers read the consequences first; Escape cancels.
 */
export function ManualModeSwitch({ manualMode, clinicName, state }: ManualModeSwitchProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { confirming, busy, buttonRef, request, cancel, confirm } = state;

  useEffect(() => {
    if (confirming) heading.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
        ref={buttonRef}
        onClick={request}
      >
        {manualMode ? 'Switch off manual mode' : 'Switch to manual mode'}
      </button>
    );
  }

  return (
    <div
      className="app-confirm"
      role="group"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          cancel();
        }
      }}
    >
      <h3 className="nhsuk-heading-s app-focus-target" id={headingId} ref={heading} tabIndex={-1}>
        {manualMode ? `Switch off manual mode for ${clinicName}?` : `Switch ${clinicName} to manual mode?`}
      </h3>
      {manualMode ? (
        <p>
          Participants can be sent to the modality again, and the modality reports their outcomes. Outcomes
          already recorded by hand stay as they are.
        </p>
      ) : (
        <p>
          Nothing will be sent to the modality from this clinic until manual mode is switched off. Record each
          participant&apos;s outcome by hand. Every workstation showing this clinic will switch too.
        </p>
      )}
      <div className="nhsuk-button-group nhsuk-button-group--small">
        <button
          type="button"
          className={`nhsuk-button nhsuk-button--small${manualMode ? '' : ' nhsuk-button--warning'}`}
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) confirm();
          }}
        >
          {manualMode ? 'Yes, switch off manual mode' : 'Yes, switch to manual mode'}
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          aria-disabled={busy || undefined}
          onClick={() => {
            if (!busy) cancel();
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
