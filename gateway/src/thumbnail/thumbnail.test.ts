import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPng } from '../../test/helpers/png-reader';
import { dose, laterality, view } from './image-details';
import { displayOptions, pixelFrame } from './pixel-attributes';
import { placeholderPng } from './placeholder';
import { encodePng } from './png';
import { applyDisplay, reduce, render, thumbnailSize, type PixelFrame } from './render';
import { makeThumbnail, THUMBNAIL_MAX_BASE64 } from './thumbnail';

/** A 16-bit little-endian frame from plain numbers (masked to 16 bits, as they would be stored). */
function frame16(rows: number, columns: number, values: (i: number) => number, bits = 16): PixelFrame {
  const data = new Uint8Array(rows * columns * 2);
  const view = new DataView(data.buffer);
  for (let i = 0; i < rows * columns; i += 1) view.setUint16(i * 2, values(i) & 0xffff, true);
  return { rows, columns, bitsAllocated: 16, bitsStored: bits, highBit: bits - 1, signed: false, data };
}

const display = (overrides: Partial<Parameters<typeof applyDisplay>[1]> = {}) => ({
  slope: 1,
  intercept: 0,
  window: undefined,
  voiFunction: 'LINEAR' as const,
  monochrome1: false,
  maxSide: 400,
  ...overrides,
});

const ramp = [0, 1000, 1500, 2000, 4000];
const row = (f: PixelFrame) => reduce(f, f.columns, f.rows);

describe('windowing (PS3.3 C.11)', () => {
  it('maps the window linearly and clips outside it', () => {
    const f = frame16(1, 5, (i) => ramp[i]!);
    const out = applyDisplay(row(f), display({ window: { center: 2000, width: 1000 } }));
    // low edge c - 0.5 - (w-1)/2 = 1500 (→ 0), high edge 2499 (→ 255), centre → 128
    expect([...out]).toEqual([0, 0, 0, 128, 255]);
  });

  it('without a window stretches the values’ own range', () => {
    const out = applyDisplay(row(frame16(1, 5, (i) => ramp[i]!)), display());
    expect([...out]).toEqual([0, 64, 96, 128, 255]);
  });

  it('applies RescaleSlope/Intercept before the window, which is in rescaled units', () => {
    const f = frame16(1, 3, (i) => [500, 1000, 1500][i]!);
    const out = applyDisplay(
      row(f),
      display({ slope: 2, intercept: -1000, window: { center: 1000, width: 2001 } }),
    );
    // rescaled: 0, 1000, 2000 → the window spans exactly 0…2000
    expect([...out]).toEqual([0, 128, 255]);
  });

  it('inverts MONOCHROME1 after windowing', () => {
    const out = applyDisplay(row(frame16(1, 5, (i) => ramp[i]!)), display({ monochrome1: true }));
    expect([...out]).toEqual([255, 191, 159, 127, 0]);
  });

  it('honours SIGMOID and LINEAR_EXACT', () => {
    const values = row(frame16(1, 3, (i) => [1000, 2000, 3000][i]!));
    const window = { center: 2000, width: 2000 };
    expect([...applyDisplay(values, display({ window, voiFunction: 'SIGMOID' }))]).toEqual([30, 128, 225]);
    expect([...applyDisplay(values, display({ window, voiFunction: 'LINEAR_EXACT' }))]).toEqual([
      0, 128, 255,
    ]);
  });

  it('masks BitsStored, shifts by HighBit and sign-extends signed pixels', () => {
    const twelve = frame16(1, 2, (i) => [0xf000 | 100, 0xa000 | 4095][i]!, 12);
    expect([...row(twelve)]).toEqual([100, 4095]);
    expect([...row({ ...twelve, signed: true })]).toEqual([100, -1]);
    const shifted = { ...frame16(1, 1, () => 100 << 4, 12), highBit: 15 };
    expect([...row(shifted)]).toEqual([100]);
  });

  it('reads window, rescale, VOI function and photometric from the data set', () => {
    const options = displayOptions(
      {
        WindowCenter: ['2047', '1800'],
        WindowWidth: '4096\\3000',
        RescaleSlope: '1.5',
        RescaleIntercept: '-10',
        VOILUTFunction: 'SIGMOID',
        PhotometricInterpretation: 'MONOCHROME1 ',
      },
      400,
    );
    expect(options).toEqual({
      slope: 1.5,
      intercept: -10,
      window: { center: 2047, width: 4096 },
      voiFunction: 'SIGMOID',
      monochrome1: true,
      maxSide: 400,
    });
  });
});

describe('scaling', () => {
  it('keeps the aspect ratio with the longest side at most 400', () => {
    expect(thumbnailSize(600, 1000, 400)).toEqual({ width: 400, height: 240 });
    expect(thumbnailSize(4096, 3328, 400)).toEqual({ width: 325, height: 400 });
    expect(thumbnailSize(300, 240, 400)).toEqual({ width: 240, height: 300 });
  });

  it('box-averages: two flat halves stay two flat halves', () => {
    const f = frame16(800, 1000, (i) => (i % 1000 < 500 ? 0 : 1000));
    const image = render(f, display());
    expect(image).toMatchObject({ width: 400, height: 320 });
    expect(image.gray[0]).toBe(0);
    expect(image.gray[399]).toBe(255);
    expect(image.gray[199]).toBe(0);
    expect(image.gray[200]).toBe(255);
  });
});

describe('PNG', () => {
  const gray = Uint8Array.from({ length: 37 * 23 }, (_, i) => (i * 7919) % 256);

  it('writes signature, IHDR (8-bit greyscale) and an IDAT that inflates to the rows', () => {
    const png = encodePng(gray, 37, 23, { filter: 'none' });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(37);
    expect(png.readUInt32BE(20)).toBe(23);
    expect([png[24], png[25]]).toEqual([8, 0]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    for (let y = 0; y < 23; y += 1) {
      expect(raw[y * 38]).toBe(0);
      expect([...raw.subarray(y * 38 + 1, (y + 1) * 38)]).toEqual([...gray.subarray(y * 37, (y + 1) * 37)]);
    }
  });

  it('round-trips with adaptive filters', () => {
    const smooth = Uint8Array.from({ length: 64 * 48 }, (_, i) => ((i % 64) + Math.floor(i / 64)) % 256);
    const decoded = readPng(encodePng(smooth, 64, 48));
    expect(decoded).toMatchObject({ width: 64, height: 48, bitDepth: 8, colourType: 0 });
    expect(decoded.pixels).toEqual(smooth);
    expect(decoded.filters.some((f) => f !== 0)).toBe(true);
  });

  it('has a valid NO PREVIEW placeholder', () => {
    const decoded = readPng(placeholderPng());
    expect(decoded).toMatchObject({ width: 200, height: 150 });
    expect(new Set(decoded.pixels)).toEqual(new Set([64, 160, 230]));
  });
});

describe('makeThumbnail', () => {
  const elements = (rows: number, columns: number, data: Uint8Array) => ({
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: [data.buffer],
  });

  it('shrinks a noisy image until it fits the event budget', async () => {
    let seed = 7; // xorshift32
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % 4096;
    };
    // Pixel-level noise at thumbnail size does not compress: 400 × 400 would be ~200 kB of base64.
    const noise = frame16(400, 400, next);
    const thumb = await makeThumbnail(elements(400, 400, noise.data), '1.2.840.10008.1.2.1', undefined);
    expect(thumb.preview).toBe(true);
    expect(thumb.data.length).toBeLessThanOrEqual(THUMBNAIL_MAX_BASE64);
    expect(Math.max(thumb.width, thumb.height)).toBeLessThan(400);
    expect(readPng(Buffer.from(thumb.data, 'base64'))).toMatchObject({
      width: thumb.width,
      height: thumb.height,
    });
  });

  it('sends the placeholder for colour, missing pixels and undecodable syntaxes', async () => {
    const f = frame16(10, 10, () => 0);
    const rgb = { ...elements(10, 10, f.data), PhotometricInterpretation: 'RGB', SamplesPerPixel: 3 };
    expect(await makeThumbnail(rgb, '1.2.840.10008.1.2.1', undefined)).toMatchObject({ preview: false });
    const short = elements(10, 10, new Uint8Array(20));
    expect((await makeThumbnail(short, '1.2.840.10008.1.2', undefined)).reason).toBe(
      'pixel data shorter than the frame',
    );
    const jpeg57 = await makeThumbnail(elements(10, 10, f.data), '1.2.840.10008.1.2.4.57', undefined);
    expect(jpeg57).toMatchObject({ preview: false, width: 200, height: 150 });
    expect(
      pixelFrame(
        { ...rgb, PhotometricInterpretation: 'MONOCHROME2', SamplesPerPixel: 1, BitsAllocated: 32 },
        f.data,
      ),
    ).toEqual({
      ok: false,
      reason: 'bits allocated 32',
    });
  });
});

describe('laterality, view and dose', () => {
  it('prefers ImageLaterality, then Laterality', () => {
    expect(laterality({ ImageLaterality: 'L', Laterality: 'R' })).toBe('L');
    expect(laterality({ Laterality: 'R ' })).toBe('R');
    expect(laterality({ ImageLaterality: 'U' })).toBeNull();
  });

  it('maps the view code, then its meaning, then ViewPosition', () => {
    const code = (CodeValue: string, CodeMeaning = '') => ({
      ViewCodeSequence: [{ CodeValue, CodeMeaning }],
    });
    expect(view(code('R-10242'))).toBe('CC');
    expect(view(code('399368009'))).toBe('MLO');
    expect(view(code('X-1', 'Cranio-caudal exaggerated laterally'))).toBe('XCCL');
    expect(view({ ViewPosition: 'mlo' })).toBe('MLO');
    expect(view({})).toBeNull();
  });

  it('reads dose attributes in DICOM units, exposure in mAs', () => {
    expect(
      dose({
        OrganDose: '0.012',
        EntranceDoseInmGy: '4.5',
        KVP: '28',
        ExposureInuAs: '88000',
        BodyPartThickness: '50',
      }),
    ).toEqual({
      organ_dose_dgy: 0.012,
      entrance_dose_mgy: 4.5,
      kvp: 28,
      exposure_mas: 88,
      compressed_breast_thickness_mm: 50,
    });
    expect(dose({ ExposureInmAs: 63.5, Exposure: '64' })).toEqual({ exposure_mas: 63.5 });
    expect(dose({})).toBeUndefined();
  });
});
