import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { spawnGateway } from './helpers/cli';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { findscu } from './dicom/dcmtk';
import { dicomDateTimeIn } from '#gateway/worklist/scheduled-time';

/**
 * The pre-clinic rehearsal's gateway actions (ADR 0025) on the real CLI: a test item is created, the
 * gateway's own C-FIND finds it, a modality's C-FIND (DCMTK findscu) sees it too, and after
 * `worklist.remove_test_item` neither does. Only test items can be removed.
 */
const MWL_AE = 'MWLSCP';
const TEST_ACCESSION = 'TSTREHEARSAL01';
const REAL_ACCESSION = 'RH00000001';

let r: TestRelay;
let setup: TestSetup;
let mwl: { port: number; calledAe: string };
let child: ChildProcess | undefined;
let session: WorkstationSession;

async function send(type: Parameters<typeof action>[0], parameters: Record<string, unknown>, id?: string) {
  const sent = action(type, parameters, id);
  await session.sendActions([sent]);
  return (await session.replies([sent.action_id], 15_000)).get(sent.action_id)!;
}
const item = (accession: string) => ({ worklist_item: { accession_number: accession } });
const modalityFind = (accession: string) => findscu(mwl, [`AccessionNumber=${accession}`, 'PatientName']);

beforeAll(async () => {
  r = await startTestRelay();
  mwl = { port: await freePort(), calledAe: MWL_AE };
  setup = await writeTestConfig(r, {
    // spawnGateway waits for the "listener connected" line, logged at info.
    log: { level: 'info' },
    destinations: [],
    allowed_destinations: [],
    worklist: { enabled: true, host: '127.0.0.1', port: mwl.port, ae_title: MWL_AE },
  });
  child = (await spawnGateway(setup.configFile)).child;
  session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
  // Starting the CLI compiles it first; on a shared two-core machine that alone can take a while.
}, 30_000);
afterAll(async () => {
  session?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await r?.relay.stop();
});

describe('rehearsal actions', () => {
  it('verifies a test item with a real C-FIND, then removes it from what modalities see', async () => {
    expect(await send('worklist.create_test_item', item(TEST_ACCESSION))).toMatchObject({
      status: 'created',
    });

    const verified = await send('worklist.verify_item', item(TEST_ACCESSION));
    expect(verified).toMatchObject({ status: 'verified', accession_number: TEST_ACCESSION, found: true });
    expect(verified.query_ms).toEqual(expect.any(Number));
    const seen = await modalityFind(TEST_ACCESSION);
    expect(seen.responses).toHaveLength(1);
    expect(seen.responses[0]).toMatchObject({ AccessionNumber: TEST_ACCESSION, PatientName: 'TEST^PATIENT' });

    const removeId = 'remove-test-item-1';
    expect(await send('worklist.remove_test_item', item(TEST_ACCESSION), removeId)).toMatchObject({
      status: 'removed',
      accession_number: TEST_ACCESSION,
    });
    expect((await modalityFind(TEST_ACCESSION)).responses).toHaveLength(0);
    expect(await send('worklist.verify_item', item(TEST_ACCESSION))).toMatchObject({
      status: 'verified',
      found: false,
    });
    // A resend after a lost reply gets the first answer; a new removal finds nothing to remove.
    expect(await send('worklist.remove_test_item', item(TEST_ACCESSION), removeId)).toMatchObject({
      status: 'removed',
    });
    expect(await send('worklist.remove_test_item', item(TEST_ACCESSION))).toMatchObject({
      status: 'error',
      code: 'not_found',
    });
  });

  it('refuses to remove a real participant’s item and leaves it on the worklist', async () => {
    const real = {
      worklist_item: {
        ...worklistItem(REAL_ACCESSION),
        scheduled: { date: dicomDateTimeIn(new Date(), 'Europe/London').date, time: '093000' },
      },
    };
    expect(await send('worklist.create_item', real)).toMatchObject({ status: 'created' });
    expect(await send('worklist.remove_test_item', item(REAL_ACCESSION))).toMatchObject({
      status: 'error',
      code: 'not_a_test_item',
      retryable: false,
    });
    expect((await modalityFind(REAL_ACCESSION)).responses).toHaveLength(1);
    expect(await send('worklist.verify_item', item(REAL_ACCESSION))).toMatchObject({ found: true });
  });

  it('names the field when the accession number is missing', async () => {
    expect(await send('worklist.verify_item', { worklist_item: {} })).toMatchObject({
      status: 'error',
      code: 'invalid_parameters',
    });
  });
});
