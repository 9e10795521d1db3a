import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatorOptions } from './options';
import { runProcedure, stdoutLog, type ProcedureResult } from './run-procedure';
import type { LogLine } from './store';
import { queryWorklist } from './worklist-query';

/**
 * The unit at work: query the worklist, perform every item not done yet, and (with `pollSeconds`) look
 * again until stopped. Done accessions are remembered in memory only, like a unit's local study list:
 * a restarted simulator performs today's still-scheduled items again.
 */
export interface SimulatorHooks {
  log?: LogLine;
  /** Stops polling; a procedure already under way finishes first. */
  signal?: AbortSignal;
  onProcedure?: (result: ProcedureResult) => void;
  /** Accessions already performed; pass one set to share it between runs. */
  done?: Set<string>;
}

export interface SimulatorRun {
  procedures: ProcedureResult[];
  /** False if a query or any procedure failed, or --once/--accession found nothing to do. */
  ok: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runSimulator(
  options: SimulatorOptions,
  hooks: SimulatorHooks = {},
): Promise<SimulatorRun> {
  const log = hooks.log ?? stdoutLog;
  const done = hooks.done ?? new Set<string>();
  const procedures: ProcedureResult[] = [];
  const wantsOne = options.once || options.accession !== undefined;
  let queryOk = true;
  let failed = false;
  let lastReport = '';
  // Polling every few seconds must not print the same line every few seconds: report changes only.
  const report = (line: string) => {
    if (options.pollSeconds === undefined || line !== lastReport) log(line);
    lastReport = line;
  };
  const finish = (): SimulatorRun => ({
    procedures,
    ok: queryOk && !failed && procedures.every((p) => p.ok) && (!wantsOne || procedures.length > 0),
  });

  for (;;) {
    try {
      const items = await queryWorklist(options);
      queryOk = true;
      const waiting = items.filter((i) => i.accessionNumber && !done.has(i.accessionNumber));
      const unusable = items.filter((i) => !i.accessionNumber).length;
      const notes = [
        waiting.length ? `${waiting.length} to do` : '',
        unusable ? `${unusable} without AccessionNumber` : '',
      ];
      const note = notes.filter(Boolean).join(', ');
      report(`found ${plural(items.length, 'worklist item')}${note ? ` (${note})` : ''}`);
      for (const item of waiting) {
        if (hooks.signal?.aborted) return finish();
        if (options.accession !== undefined && item.accessionNumber !== options.accession) continue;
        done.add(item.accessionNumber);
        lastReport = '';
        let result: ProcedureResult;
        try {
          result = await runProcedure(options, item, log);
        } catch (error) {
          // Not the network (each step reports its own): e.g. an unreadable --images-dir.
          failed = true;
          log(
            `${item.accessionNumber} procedure failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (wantsOne) return finish();
          continue;
        }
        procedures.push(result);
        hooks.onProcedure?.(result);
        if (wantsOne) return finish();
      }
    } catch (error) {
      queryOk = false;
      report(`worklist query failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (options.pollSeconds === undefined || hooks.signal?.aborted) {
      if (wantsOne && procedures.length === 0 && queryOk) log('nothing to do: no matching worklist item');
      return finish();
    }
    try {
      await sleep(options.pollSeconds * 1000, undefined, { signal: hooks.signal });
    } catch {
      return finish(); // aborted while waiting
    }
  }
}
