import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#gateway/config/load';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { startInProcess, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * Issue 12: an accession number of `*` was accepted. The gateway refuses DICOM matching characters
 * (`*`, `?`, `\`) and control characters in accession numbers, patient ids and AE titles, whoever sends
 * them (even a trusted workstation, signed), with a named error, and stores nothing.
 */
let r: TestRelay;
let setup: TestSetup;
let gw: InProcessGateway;
let session: WorkstationSession;

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r);
  gw = await startInProcess(setup.configFile);
  session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
});
afterAll(async () => {
  session?.close();
  await gw?.gateway.stop();
  await r?.relay.stop();
});

const itemCount = (): number =>
  (gw.gateway.db.prepare(`SELECT COUNT(*) AS n FROM worklist_items`).get() as { n: number }).n;

describe('identifiers at the gateway', () => {
  it('refuses a * accession, a wildcard AE title and a wildcard patient id, signed or not', async () => {
    const bad = [
      { ...worklistItem('*') },
      { ...worklistItem('ACC?0001') },
      { ...worklistItem('ACC\\0001') },
      { ...worklistItem('ACC\t0001') },
      { ...worklistItem('ACC00000002'), scheduled_station_ae_title: 'MG*' },
      {
        ...worklistItem('ACC00000003'),
        participant: { nhs_number: '999000111*', name: 'A^B', birth_date: '19700101', sex: 'F' },
      },
    ];
    const creates = bad.map((item) => action('worklist.create_item', { worklist_item: item }));
    await session.sendActions(creates);
    const replies = await session.replies(creates.map((c) => c.action_id));
    for (const create of creates) {
      expect(replies.get(create.action_id)).toMatchObject({
        status: 'error',
        code: 'invalid_parameters',
        retryable: false,
      });
    }
    expect(String(replies.get(creates[0]!.action_id)!.message)).toMatch(
      /accession_number: no DICOM matching characters/,
    );
    expect(itemCount()).toBe(0);

    const update = action('worklist.update_status', {
      worklist_item: { accession_number: '*', status: 'COMPLETED' },
    });
    const deliver = action('message.deliver', {
      type: 'fhir',
      payload: '{}',
      destination: 'test-sink',
      accession_number: '?',
    });
    await session.sendActions([update, deliver]);
    const more = await session.replies([update.action_id, deliver.action_id]);
    expect(more.get(update.action_id)).toMatchObject({ status: 'error', code: 'invalid_parameters' });
    expect(more.get(deliver.action_id)).toMatchObject({ status: 'error', code: 'invalid_parameters' });

    // The control: the same session creates a proper item.
    const good = action('worklist.create_item', { worklist_item: worklistItem('ACC00000009') });
    await session.sendActions([good]);
    expect((await session.replies([good.action_id])).get(good.action_id)).toMatchObject({
      status: 'created',
    });
    expect(itemCount()).toBe(1);
  });

  it('refuses a config whose AE titles hold a wildcard, naming the key', async () => {
    const wild = await writeTestConfig(r, {
      worklist: { enabled: true, ae_title: 'MWL*' },
      storage: { enabled: true, ae_title: 'STORE', allowed_calling_ae_titles: ['MG?'] },
    });
    let error: unknown;
    try {
      loadConfig(wild.configFile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
      'worklist.ae_title',
      'storage.allowed_calling_ae_titles.0',
    ]);
    expect((error as ConfigError).issues[0]!.message).toMatch(/no matching characters/);
  });
});
