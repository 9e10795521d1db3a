import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { IpcError } from '#shared/ipc/contract';
import type { ClinicSummary } from '#shared/ipc/views';
import { useApi } from '../api/connection-context';
import { failureMessage } from '../lib/staff-actions';

const STALE_KINDS: ReadonlySet<IpcError['kind']> = new Set(['invalid_transition', 'conflict', 'not_found']);

export interface ManualModeSwitch {
  /** The confirmation panel is open in place of the switch button. */
  confirming: boolean;
  busy: boolean;
  failure: string | null;
  /** Attach to whichever switch button is on screen (there is only ever one). */
  buttonRef: RefObject<HTMLButtonElement | null>;
  request: () => void;
  cancel: () => void;
  confirm: () => void;
  clearFailure: () => void;
}

/**
 * Switching a clinic in and out of manual mode, with a confirmation step in the page (no dialog):
 * the switch button opens a panel, "Yes, …" calls main, "Cancel" or Escape closes it. Focus goes
 * back to the switch button afterwards, wherever it now sits (the callout it lives in changes with
 * the mode).
 */
export function useManualModeSwitch(
  clinic: ClinicSummary | null,
  onChanged: (clinic: ClinicSummary) => void,
  onStale: () => void,
): ManualModeSwitch {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const focusButton = useRef(false);
  const inFlight = useRef(false);

  useEffect(() => {
    if (!focusButton.current || !buttonRef.current) return;
    focusButton.current = false;
    buttonRef.current.focus();
  });

  // Another workstation switched the mode while the panel was open: its question no longer applies.
  const clinicId = clinic?.id;
  const manualMode = clinic?.manualMode;
  const shownMode = useRef(manualMode);
  useEffect(() => {
    if (shownMode.current === manualMode) return;
    shownMode.current = manualMode;
    if (inFlight.current) return;
    setConfirming((open) => {
      if (open) focusButton.current = true;
      return false;
    });
  }, [manualMode]);

  const request = useCallback(() => {
    setFailure(null);
    setConfirming(true);
  }, []);

  const cancel = useCallback(() => {
    if (inFlight.current) return;
    focusButton.current = true;
    setConfirming(false);
  }, []);

  const clearFailure = useCallback(() => setFailure(null), []);

  const confirm = useCallback(() => {
    if (inFlight.current || clinicId === undefined || manualMode === undefined) return;
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    const wanted = !manualMode;
    void api.clinics.setManualMode({ clinicId, manualMode: wanted }).then((result) => {
      inFlight.current = false;
      setBusy(false);
      setConfirming(false);
      if (result.ok) {
        focusButton.current = true;
        onChanged(result.value);
      } else {
        const prefix = wanted ? 'Cannot switch to manual mode' : 'Cannot switch off manual mode';
        setFailure(failureMessage(prefix, result.error.message));
        if (STALE_KINDS.has(result.error.kind)) onStale();
      }
    });
  }, [api, clinicId, manualMode, onChanged, onStale]);

  return { confirming, busy, failure, buttonRef, request, cancel, confirm, clearFailure };
}
