import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGES_DIR } from '#gateway/modality-sim/images';
import { writeSyntheticMammograms } from '#gateway/modality-sim/synthetic/mammogram-template';
import { VIEWS } from '#gateway/modality-sim/views';
import { dciodvfy, dcmdump, dumped } from './dcmtk-process';

/**
 * The committed synthetic mammograms (resources/dicom): valid Digital Mammography For Presentation
 * objects by dicom3tools' dciodvfy, the right view in each file, small, free of patient data, and exactly
 * what the generator makes today (so nobody edits them by hand or forgets to regenerate).
 */
const FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';
const VIEW_CODES = { CC: ['399162004', 'cranio-caudal'], MLO: ['399368009', 'medio-lateral oblique'] };
/** The one accepted dciodvfy warning: ViewPosition's defined terms are general radiography ones. */
const accepted = (position: string) =>
  `Warning - Unrecognized defined term <${position}> for value 1 of attribute <View Position>`;
const file = (view: string) => path.join(DEFAULT_IMAGES_DIR, `${view}.dcm`);

let fresh: string;
beforeAll(async () => {
  fresh = await mkdtemp(path.join(tmpdir(), 'modality-sim-synthetic-'));
});
afterAll(async () => {
  await rm(fresh, { recursive: true, force: true });
});

describe('resources/dicom synthetic mammograms', () => {
  it('are byte for byte what scripts/make-synthetic-mammograms.ts writes', async () => {
    writeSyntheticMammograms(fresh);
    for (const view of VIEWS) {
      const [committed, made] = await Promise.all([
        readFile(file(view)),
        readFile(path.join(fresh, `${view}.dcm`)),
      ]);
      expect(committed.equals(made), `${view}.dcm is current`).toBe(true);
    }
  });

  it.each(VIEWS)('%s passes dciodvfy with no errors and only the accepted warning', async (view) => {
    const { iod, errors, warnings } = await dciodvfy(file(view));
    expect(iod).toBe('MammographyImageForPresentation');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([accepted(view.slice(1))]);
  });

  it.each(VIEWS)('%s carries its view, dose, display and placeholder patient attributes', async (view) => {
    const dump = await dcmdump(file(view));
    const position = view.slice(1) as 'CC' | 'MLO';
    expect(dump).toMatch(/# Used TransferSyntax: Little Endian Explicit\n[^#]*\(0008,0005\)/);
    expect(dumped(dump, '0002,0010')).toBe('1.2.840.10008.1.2.1');
    expect(dumped(dump, '0008,0016')).toBe(FOR_PRESENTATION);
    expect(dumped(dump, '0008,0068')).toBe('FOR PRESENTATION');
    expect(dumped(dump, '0020,0062')).toBe(view[0]);
    expect(dumped(dump, '0018,5101')).toBe(position);
    const viewCode = dump.slice(dump.indexOf('(0054,0220)'));
    expect([dumped(viewCode, '0008,0100'), dumped(viewCode, '0008,0104')]).toEqual(VIEW_CODES[position]);
    expect(dumped(dump, '0018,0015')).toBe('BREAST');
    expect(dumped(dump, '0028,0301')).toBe('NO');
    expect(dumped(dump, '0028,0004')).toBe('MONOCHROME2');
    expect(dump).toMatch(/\(0028,0101\) US 12 /);
    for (const tag of [
      '0040,0316',
      '0040,8302',
      '0018,0060',
      '0018,1152',
      '0018,11a0',
      '0018,11a2',
      '0028,1050',
      '0028,1051',
    ])
      expect(Number(dumped(dump, tag)), tag).toBeGreaterThan(0);
    expect(Number(dumped(dump, '0040,0316'))).toBeLessThan(0.05); // dGy: a few mGy at most
    expect(dumped(dump, '0010,0010')).toBe('SYNTHETIC^TEMPLATE');
    expect(dumped(dump, '0010,0030')).toBeUndefined(); // empty: no birth date
    expect(dumped(dump, '0008,0050')).toBeUndefined(); // empty: no accession
    expect((await stat(file(view))).size).toBeLessThan(150_000);
  });

  it('can be made larger (for reduced-copy tests) and still validate', async () => {
    const big = path.join(fresh, 'big');
    writeSyntheticMammograms(big, 480);
    const dump = await dcmdump(path.join(big, 'LCC.dcm'));
    expect(dump).toMatch(/\(0028,0010\) US 600 /);
    expect(dump).toMatch(/\(0028,0011\) US 480 /);
    const checked = await dciodvfy(path.join(big, 'LCC.dcm'));
    expect(checked.iod).toBe('MammographyImageForPresentation');
    expect(checked.errors).toEqual([]);
  });
});
