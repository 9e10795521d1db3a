import { num, text, texts, type Elements } from '../return-path/dicom-values';
import type { DisplayOptions, PixelFrame } from './render';

/**
 * Reads the Image Pixel module (PS3.3 C.7.6.3) and the display attributes (Modality LUT and VOI LUT
 * modules) from naturalised elements. Only what a greyscale thumbnail can honour: one sample per
 * pixel, MONOCHROME1 or MONOCHROME2, 8 or 16 bits allocated. Anything else reads as "no preview".
 */
export type FrameResult = { ok: true; frame: PixelFrame } | { ok: false; reason: string };

export function pixelFrame(elements: Elements, data: Uint8Array): FrameResult {
  const rows = num(elements.Rows) ?? 0;
  const columns = num(elements.Columns) ?? 0;
  const bitsAllocated = num(elements.BitsAllocated);
  const bitsStored = num(elements.BitsStored) ?? bitsAllocated ?? 0;
  const highBit = num(elements.HighBit) ?? bitsStored - 1;
  const samples = num(elements.SamplesPerPixel) ?? 1;
  const photometric = text(elements.PhotometricInterpretation).toUpperCase();
  if (rows < 1 || columns < 1) return { ok: false, reason: 'no image size' };
  if (samples !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2'))
    return { ok: false, reason: `photometric interpretation ${photometric || 'missing'}` };
  if (bitsAllocated !== 8 && bitsAllocated !== 16)
    return { ok: false, reason: `bits allocated ${bitsAllocated ?? 'missing'}` };
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
    return { ok: false, reason: 'inconsistent bits stored and high bit' };
  if (data.length < rows * columns * (bitsAllocated / 8))
    return { ok: false, reason: 'pixel data shorter than the frame' };
  return {
    ok: true,
    frame: {
      rows,
      columns,
      bitsAllocated,
      bitsStored,
      highBit,
      signed: num(elements.PixelRepresentation) === 1,
      data,
    },
  };
}

const VOI_FUNCTIONS = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;

export function displayOptions(elements: Elements, maxSide: number): DisplayOptions {
  const centers = texts(elements.WindowCenter).map(Number);
  const widths = texts(elements.WindowWidth).map(Number);
  const center = centers[0];
  const width = widths[0];
  const fn = text(elements.VOILUTFunction).toUpperCase();
  return {
    slope: num(elements.RescaleSlope) ?? 1,
    intercept: num(elements.RescaleIntercept) ?? 0,
    // The first window is the one the modality recommends (C.11.2.1.2).
    window:
      center !== undefined && width !== undefined && Number.isFinite(center) && width >= 1
        ? { center, width }
        : undefined,
    voiFunction: (VOI_FUNCTIONS as readonly string[]).includes(fn)
      ? (fn as DisplayOptions['voiFunction'])
      : 'LINEAR',
    monochrome1: text(elements.PhotometricInterpretation).toUpperCase() === 'MONOCHROME1',
    maxSide,
  };
}

/** The first frame's bytes from a native (uncompressed) PixelData element, as dcmjs naturalises it. */
export function nativePixelBytes(raw: unknown): Uint8Array | undefined {
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (first instanceof ArrayBuffer) return new Uint8Array(first);
  if (ArrayBuffer.isView(first)) return new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  return undefined;
}
