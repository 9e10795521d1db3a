import type { ChaosResult } from './run-chaos';

/**
 * The run's figures, one `chaos.<name>: <value>` per line with its goal beside it, then `#` lines with
 * the breakdowns a reader needs to find the cause of a missed goal. Figures are reported, not judged:
 * the run itself succeeds whenever it could measure.
 */
type Goal = { text: string; met: (value: number) => boolean };
const ZERO: Goal = { text: 'goal 0', met: (v) => v === 0 };

export function reportLines(result: ChaosResult): string[] {
  const { figures: f, faults, settle, config } = result;
  const kills = Object.values(faults.kills).reduce((a, b) => a + b, 0);
  const drain = settle.drainS;
  const line = (name: string, value: string, goal?: Goal, numeric?: number) => {
    const judged = goal ? `  (${goal.text}: ${goal.met(numeric ?? Number(value)) ? 'met' : 'MISSED'})` : '';
    return `chaos.${name}: ${value}${judged}`;
  };
  const breakdown = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    line('sent', String(f.messages)),
    line('kills', String(kills)),
    line('confirmed', String(f.confirmed)),
    line('lost', String(f.lost.total), ZERO),
    line('duplicates', String(f.duplicates.total), ZERO),
    line('failed_after_settle', String(f.failed), ZERO),
    // Never drained: shown as the settle time it was given, and judged as missed.
    line(
      'drain_s',
      drain === null ? `none (not every message confirmed within ${config.settleS} s)` : drain.toFixed(1),
      { text: 'goal < 60', met: (v) => v < 60 },
      drain ?? Infinity,
    ),
    line('worklist_missing', String(f.worklistMissing), ZERO),
    line('integrity_app', f.integrity.app, { text: 'goal ok', met: () => f.integrity.app === 'ok' }),
    line('integrity_gateway', f.integrity.gateway, {
      text: 'goal ok',
      met: () => f.integrity.gateway === 'ok',
    }),
    `# appointments sent: ${f.appointmentsSent}; found by findscu: ${f.worklistFound}; missing because the worklist message is not confirmed ${f.worklistMissingWhy.notConfirmed}, confirmed but no row in the gateway's worklist table ${f.worklistMissingWhy.confirmedNoRow}, a row there but not returned by findscu ${f.worklistMissingWhy.rowNotFound}`,
    `# messages by status: ${breakdown(f.byStatus)}`,
    `# kills by process: ${breakdown(faults.kills)}; relay outages ${faults.outages}, gateway freezes ${faults.freezes}, failed starts ${faults.failedStarts}`,
    `# lost: not stored though accepted ${f.lost.acceptedNotStored}, confirmed but not in the gateway inbox ${f.lost.confirmedNotInInbox}, delivered drop file missing ${f.lost.droppedFileMissing}`,
    `# duplicates: app messages per appointment and type ${f.duplicates.appMessagesPerAppointmentAndType}, worklist rows per accession ${f.duplicates.worklistRowsPerAccession}, findscu responses per accession ${f.duplicates.findscuResponsesPerAccession}, inbox rows per action id ${f.duplicates.inboxRowsPerActionId}, file drops per action id ${f.duplicates.fileDropsPerActionId}`,
    `# gateway deliveries (FHIR/HL7 drops) by state: ${breakdown(f.gatewayDeliveries)}; leftover temp files ${f.leftoverTempFiles}`,
    `# settle: ${settle.reason} after ${settle.waitedS.toFixed(1)} s`,
  ];
}
