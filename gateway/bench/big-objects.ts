/**
 * Big synthetic mammograms for the store benchmark, written at bench time: the simulator's synthetic
 * template (modality-sim/synthetic) for the attributes, with the requested matrix, and pixel data
 * streamed to the file in 8 MiB blocks, so that making a 1 GB object never holds 1 GB here either.
 */
import { open } from 'node:fs/promises';
import { newUid } from '#gateway/modality-sim/dicom-values';
import { syntheticMammogram } from '#gateway/modality-sim/synthetic/mammogram-template';
import { dimse, UID } from '#gateway/worklist/dimse';

export const STORE_AE = 'MODLINK_STORE';
export const WORKLIST_AE = 'MWLSCP';
/** An accession on the C-FIND benchmark's worklist (worklist-fixture.ts): every bench image has it. */
export const BENCH_ACCESSION = 'ACC00000000';

export interface Matrix {
  rows: number;
  columns: number;
}

/** 16-bit matrices of the sizes the benchmark names. */
export const MATRIX = {
  /** 1 GiB of pixels: a large tomosynthesis object. */
  oneGigabyte: { rows: 32768, columns: 16384 },
  /** 200 MiB. */
  twoHundredMegabytes: { rows: 12800, columns: 8192 },
  /** ~30 MB, a full-field digital mammogram. */
  ffdm: { rows: 4096, columns: 3664 },
} as const satisfies Record<string, Matrix>;

const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * Whole rows of a smooth image, as a mammogram is at thumbnail scale (a ramp across the row, shifted a
 * little per row, 12 bits): pixel noise would make every thumbnail PNG the slowest case.
 */
function rowBlock(columns: number): Buffer {
  const rowBytes = columns * 2;
  const rows = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const block = Buffer.alloc(rows * rowBytes);
  for (let y = 0; y < rows; y += 1)
    for (let x = 0; x < columns; x += 1)
      block.writeUInt16LE(Math.floor((x / columns) * 3000 + (y % 512)) & 0xfff, y * rowBytes + x * 2);
  return block;
}

/** Writes one Explicit VR Little Endian DM For Presentation file; returns its size in bytes. */
export async function writeBigMammogram(path: string, matrix: Matrix): Promise<number> {
  const { PixelData: _pixels, _vrMap: _map, ...attributes } = syntheticMammogram('LCC');
  new dimse.Dataset(
    {
      ...attributes,
      AccessionNumber: BENCH_ACCESSION,
      SOPInstanceUID: newUid(),
      Rows: matrix.rows,
      Columns: matrix.columns,
    },
    UID.explicitVrLittleEndian,
  ).toFile(path);
  const pixelBytes = matrix.rows * matrix.columns * 2;
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x7fe0, 0);
  header.writeUInt16LE(0x0010, 2);
  header.write('OW', 4, 'latin1');
  header.writeUInt32LE(pixelBytes, 8);
  const block = rowBlock(matrix.columns);
  const file = await open(path, 'a');
  try {
    await file.write(header);
    for (let left = pixelBytes; left > 0; left -= block.length)
      await file.write(block, 0, Math.min(left, block.length));
    return (await file.stat()).size;
  } finally {
    await file.close();
  }
}
