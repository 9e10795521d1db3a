import { useRef, useState } from 'react';
import {
  IMPORT_TOO_LARGE_MESSAGE,
  MAX_IMPORT_CHARACTERS,
  type ImportPreview,
  type ImportProgress,
  type ImportResult,
} from '#shared/ipc/clinic-import';
import type { IpcError } from '#shared/ipc/contract';
import { useApi } from '../api/connection-context';
import { useApiEvent } from './use-api-event';

export type ImportStage =
  | { stage: 'choose' }
  | { stage: 'checking' }
  | { stage: 'preview'; preview: ImportPreview }
  | { stage: 'importing'; preview: ImportPreview }
  | { stage: 'imported'; result: ImportResult };

const newRunId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The import's steps: read the chosen file here (refusing one over the size limit before reading it),
 * send its text for a dry run, then send it again to import. Progress events for this run are kept so
 * the page can show how far a large file has got.
 */
export function useClinicImport() {
  const api = useApi();
  const [state, setState] = useState<ImportStage>({ stage: 'choose' });
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [attempts, setAttempts] = useState(0);
  const file = useRef<{ fileName: string; text: string } | null>(null);
  const runId = useRef('');

  useApiEvent('clinicImport.progress', (event) => {
    if (event.runId === runId.current) setProgress(event);
  });

  const start = () => {
    runId.current = newRunId();
    setProgress(null);
    setFailure(null);
    setAttempts((n) => n + 1);
  };

  const check = async (chosen: File | null) => {
    start();
    setFileProblem(null);
    if (!chosen) return setFileProblem('Choose a CSV file or a FHIR bundle to import.');
    if (chosen.size > MAX_IMPORT_CHARACTERS) return setFileProblem(IMPORT_TOO_LARGE_MESSAGE);
    setState({ stage: 'checking' });
    file.current = { fileName: chosen.name, text: await chosen.text() };
    const result = await api.clinicImport.preview({ ...file.current, runId: runId.current });
    if (!result.ok) {
      setState({ stage: 'choose' });
      return result.error.kind === 'validation' && result.error.fields?.text
        ? setFileProblem(result.error.fields.text)
        : setFailure(result.error);
    }
    setState({ stage: 'preview', preview: result.value });
  };

  const commit = async (preview: ImportPreview) => {
    if (!file.current) return;
    start();
    setState({ stage: 'importing', preview });
    const result = await api.clinicImport.commit({ ...file.current, runId: runId.current });
    if (!result.ok) {
      setFailure(result.error);
      return setState({ stage: 'preview', preview });
    }
    file.current = null;
    setState({ stage: 'imported', result: result.value });
  };

  const reset = () => {
    file.current = null;
    setFailure(null);
    setFileProblem(null);
    setState({ stage: 'choose' });
  };

  return { state, fileProblem, failure, progress, attempts, check, commit, reset };
}
