import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUid } from '#gateway/modality-sim/dicom-values';
import { loadTemplate, prepareImages } from '#gateway/modality-sim/images';
import { simulatorOptions } from '#gateway/modality-sim/options';
import { newProcedureContext } from '#gateway/modality-sim/run-procedure';
import { storeImages } from '#gateway/modality-sim/store';
import { VIEWS } from '#gateway/modality-sim/views';
import { freePort } from '../../../test-support/free-port';
import { dciodvfy, dcmdump, dumped, startTool, type ToolServer } from './dcmtk-process';
import { lines, worklistItem } from './fixtures';

/**
 * The store step against DCMTK's storescp, so the receiving side shares no code (dcmjs) with the sender:
 * what storescp wrote must carry the worklist item's identifiers, the right view per image and new UIDs.
 */
const AE = 'ALPHA_PACS';
const VIEW_CODES: Record<string, string> = { CC: '399162004', MLO: '399368009' };
let dir: string;
let storescp: ToolServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'modality-sim-store-'));
  storescp = await startTool('storescp', ['-aet', AE, '-od', dir]);
});
afterEach(async () => {
  await storescp.stop();
  await rm(dir, { recursive: true, force: true });
});

async function storedFiles(): Promise<Map<string, string>> {
  const byUid = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const dump = await dcmdump(path.join(dir, name));
    byUid.set(dumped(dump, '0008,0018')!, dump);
  }
  return byUid;
}

describe('storeImages to storescp', () => {
  it('sends the four views with the worklist item written in, each with a new SOP instance UID', async () => {
    const options = simulatorOptions({ storePort: storescp.port, storeAe: AE });
    const item = worklistItem();
    const context = newProcedureContext(item, options.ae);
    const log = lines();
    const stored = await storeImages(options, prepareImages(VIEWS, context), log.log, 'ACC ');

    expect(stored.map((s) => [s.view, s.result])).toEqual(VIEWS.map((v) => [v, 'Success']));
    expect(log.all).toEqual(VIEWS.map((v) => `ACC stored ${v}: Success`));
    const files = await storedFiles();
    expect(files.size).toBe(4);
    for (const image of stored) {
      const dump = files.get(image.sopInstanceUid);
      expect(dump, `storescp kept ${image.view}`).toBeDefined();
      const template = loadTemplate(image.view);
      expect(image.sopInstanceUid).not.toBe(template.SOPInstanceUID);
      expect(image.sopInstanceUid).toMatch(/^2\.25\.\d+$/);
      expect(dumped(dump!, '0008,0050')).toBe(item.accessionNumber);
      expect(dumped(dump!, '0010,0020')).toBe(item.patientId);
      expect(dumped(dump!, '0010,0010')).toBe('THOMAS^Siân');
      expect(dumped(dump!, '0020,000d')).toBe(item.studyInstanceUid);
      expect(dumped(dump!, '0020,000e')).toBe(context.seriesInstanceUid);
      expect(dumped(dump!, '0020,0062')).toBe(image.view[0]);
      expect(dumped(dump!, '0018,5101')).toBe(image.view.slice(1));
      // (0054,0220) ViewCodeSequence > (0008,0100) CodeValue: the first code value after the sequence.
      const viewCode = dump!.slice(dump!.indexOf('(0054,0220)'));
      expect(dumped(viewCode, '0008,0100')).toBe(VIEW_CODES[image.view.slice(1)]);
    }
  });

  it('makes new series and instance UIDs on every run, and the personalised images still validate', async () => {
    const options = simulatorOptions({ storePort: storescp.port, storeAe: AE });
    // With an MPPS reference, PatientAge and the request attributes: everything personalise() adds.
    const context = { ...newProcedureContext(worklistItem(), 'A'), mppsInstanceUid: newUid() };
    const first = await storeImages(options, prepareImages(['LMLO'], context), () => {});
    const second = await storeImages(
      options,
      prepareImages(['LMLO'], newProcedureContext(worklistItem(), 'A')),
      () => {},
    );
    expect(first[0]!.sopInstanceUid).not.toBe(second[0]!.sopInstanceUid);
    const files = await storedFiles();
    expect(dumped(files.get(first[0]!.sopInstanceUid)!, '0020,000e')).not.toBe(
      dumped(files.get(second[0]!.sopInstanceUid)!, '0020,000e'),
    );
    const name = (await readdir(dir)).find((f) => f.endsWith(first[0]!.sopInstanceUid));
    const received = path.join(dir, name!);
    const { iod, errors, warnings } = await dciodvfy(received);
    expect(iod).toBe('MammographyImageForPresentation');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'Warning - Unrecognized defined term <MLO> for value 1 of attribute <View Position>',
    ]);
  });

  it('reports every image as not sent, naming the cause, when the storage SCP is down', async () => {
    const images = () => prepareImages(['RCC', 'LCC'], newProcedureContext(worklistItem(), 'A'));
    const down = simulatorOptions({ storePort: await freePort(), storeAe: AE });
    const log = lines();
    const refused = await storeImages(down, images(), log.log);
    expect(refused.every((r) => !r.ok)).toBe(true);
    expect(log.all[0]).toMatch(/^store RCC failed: not sent: connection refused by 127\.0\.0\.1:\d+/);
  });
});
