import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatorOptions, type SimulatorOptions } from '#gateway/modality-sim/options';
import { runSimulator } from '#gateway/modality-sim/poll-loop';
import { queryWorklist } from '#gateway/modality-sim/worklist-query';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { openReturnPathDb, type ReturnPathDb } from '../dicom/return-path-fixtures';
import { lines } from './fixtures';
import { startRecordingScp, type RecordingScp } from './recording-scp';

/**
 * The simulator against the gateway's own worklist AE with MPPS switched on (its storage SCP does not
 * exist yet, so images go to the recording SCP): the examination moves the gateway's item to COMPLETED
 * or DISCONTINUED, the app is told through procedure events, and the item leaves the worklist.
 */
const AE = 'ALPHA_MWL';
let gateway: ReturnPathDb;
let mwl: WorklistScp;
let pacs: RecordingScp;

beforeEach(async () => {
  gateway = openReturnPathDb();
  mwl = await startWorklistScp({
    ...{ db: gateway.db, host: '127.0.0.1', port: 0, aeTitle: AE },
    ...{ log: gateway.log, mpps: gateway.events },
  });
  pacs = await startRecordingScp({ aeTitle: 'ALPHA_PACS' });
});
afterEach(async () => {
  await mwl.close();
  await pacs.close();
  gateway.close();
});

const options = (overrides: Partial<SimulatorOptions> = {}) =>
  simulatorOptions({
    ...{ mwlPort: mwl.port, mwlAe: AE, date: '20261127' },
    ...{ storePort: pacs.port, storeAe: 'ALPHA_PACS' },
    ...overrides,
  });
const procedureEvents = (accession: string) =>
  gateway
    .outboxEvents()
    .map((e) => e.event)
    .filter((e) => e.event_type.startsWith('procedure.') && e.accession_number === accession)
    .map((e) => e.event_type);

describe("simulator → gateway's MPPS", () => {
  it('completes the item: IN PROGRESS then COMPLETED, with events for the app, then off the worklist', async () => {
    gateway.addItem('ACC-GW-DONE', 'ws-1');
    const log = lines();
    const run = await runSimulator(options({ once: true }), { log: log.log });
    expect(log.all).toContain('ACC-GW-DONE N-CREATE IN PROGRESS: Success');
    expect(log.all).toContain('ACC-GW-DONE N-SET COMPLETED: Success');
    expect(run.ok).toBe(true);
    expect(gateway.status('ACC-GW-DONE')).toBe('COMPLETED');
    expect(procedureEvents('ACC-GW-DONE')).toEqual(['procedure.in_progress', 'procedure.completed']);
    expect(await queryWorklist(options())).toEqual([]);
  });

  it('discontinues the item with the reason the radiographer gave', async () => {
    gateway.addItem('ACC-GW-STOP', 'ws-1');
    const run = await runSimulator(
      options({ accession: 'ACC-GW-STOP', discontinue: true, images: ['RCC'] }),
      {
        log: () => {},
      },
    );
    expect(run.ok).toBe(true);
    expect(gateway.status('ACC-GW-STOP')).toBe('DISCONTINUED');
    expect(procedureEvents('ACC-GW-STOP')).toEqual(['procedure.in_progress', 'procedure.discontinued']);
  });
});
