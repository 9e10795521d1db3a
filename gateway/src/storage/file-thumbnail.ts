import { num } from '../return-path/dicom-values';
import { DECODABLE_TRANSFER_SYNTAXES, type CodecDecoder } from '../thumbnail/codec-decoder';
import { pixelFrame } from '../thumbnail/pixel-attributes';
import {
  NATIVE_TRANSFER_SYNTAXES,
  placeholder,
  THUMBNAIL_MAX_SIDE,
  thumbnailOf,
  type Thumbnail,
} from '../thumbnail/thumbnail';
import { readAt, type DatasetHeader, type DatasetInFile } from './dataset-file';
import { itemAt } from './dataset-layout';

/**
 * The thumbnail of a stored image, read from its file with bounded memory. Uncompressed: a downsampled
 * read, every `step`-th row and column of the first frame, so at most ~2 × 400 px a side is kept,
 * whatever the image (a 1 GB frame is read as ~800 rows, a mammogram in 1 MiB blocks); the usual box
 * average then makes the thumbnail from that. Compressed: the first frame's fragments only (at most `MAX_FRAME_BYTES`),
 * decoded in the codec worker as before. Either way the event loop only waits on reads and the worker.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** Rows and columns kept per thumbnail side: enough for the box average to smooth away aliasing. */
const OVERSAMPLE = 2;
/** Rows are read in blocks of about this size when a kept row and the rows skipped after it are short. */
const BLOCK_BYTES = 1024 * 1024;
const SMALL_ROWS_BYTES = 64 * 1024;

export async function thumbnailFromFile(
  data: DatasetInFile,
  header: DatasetHeader,
  decoder: CodecDecoder | undefined,
): Promise<Thumbnail> {
  try {
    if (!header.pixels) return placeholder('no pixel data');
    if (NATIVE_TRANSFER_SYNTAXES.has(data.transferSyntaxUid)) return await nativeThumbnail(data, header);
    if (!decoder || !DECODABLE_TRANSFER_SYNTAXES.has(data.transferSyntaxUid))
      return placeholder(`no decoder for transfer syntax ${data.transferSyntaxUid}`);
    const frame = await firstCompressedFrame(data, header.pixels.valueOffset, header);
    if (typeof frame === 'string') return placeholder(frame);
    const elements = { ...header.elements, NumberOfFrames: 1, PixelData: [frame.buffer] };
    const decoded = await decoder.decode(elements, data.transferSyntaxUid);
    const result = pixelFrame(header.elements, decoded);
    return result.ok ? thumbnailOf(result.frame, header.elements) : placeholder(result.reason);
  } catch (error) {
    return placeholder(error instanceof Error ? error.message.slice(0, 200) : 'thumbnail failed');
  }
}

async function nativeThumbnail(data: DatasetInFile, header: DatasetHeader): Promise<Thumbnail> {
  const { elements } = header;
  const rows = num(elements.Rows) ?? 0;
  const columns = num(elements.Columns) ?? 0;
  const bitsAllocated = num(elements.BitsAllocated);
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1)
    return placeholder('no image size');
  if (bitsAllocated !== 8 && bitsAllocated !== 16)
    return placeholder(`bits allocated ${bitsAllocated ?? 'missing'}`);
  const sample = bitsAllocated / 8;
  const rowBytes = columns * sample;
  if ((header.pixels?.length ?? 0) < rows * rowBytes) return placeholder('pixel data shorter than the frame');
  const step = Math.max(1, Math.floor(Math.max(rows, columns) / (OVERSAMPLE * THUMBNAIL_MAX_SIDE)));
  const keptRows = Math.ceil(rows / step);
  const keptColumns = Math.ceil(columns / step);
  const start = data.start + header.pixels!.valueOffset;
  const kept = new Uint8Array(keptRows * keptColumns * sample);
  const keep = (source: Uint8Array, offset: number, keptRow: number): void => {
    if (step === 1) return kept.set(source.subarray(offset, offset + rowBytes), keptRow * rowBytes);
    for (let x = 0; x < keptColumns; x += 1)
      for (let b = 0; b < sample; b += 1)
        kept[(keptRow * keptColumns + x) * sample + b] = source[offset + x * step * sample + b]!;
  };
  if (step * rowBytes <= SMALL_ROWS_BYTES) {
    // Short rows: a few large reads of every row beat hundreds of small reads of the kept ones.
    const rowsPerRead = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
    const reused = Buffer.allocUnsafe(rowsPerRead * rowBytes);
    for (let first = 0; first < rows; first += rowsPerRead) {
      const count = Math.min(rowsPerRead, rows - first);
      const block = await readAt(data.handle, start + first * rowBytes, count * rowBytes, reused);
      for (let y = Math.ceil(first / step) * step; y < first + count; y += step)
        keep(block, (y - first) * rowBytes, y / step);
    }
  } else {
    const row = Buffer.allocUnsafe(rowBytes);
    for (let y = 0; y < keptRows; y += 1)
      keep(await readAt(data.handle, start + y * step * rowBytes, rowBytes, row), 0, y);
  }
  const reduced = { ...elements, Rows: keptRows, Columns: keptColumns };
  const result = pixelFrame(reduced, kept);
  return result.ok ? thumbnailOf(result.frame, reduced) : placeholder(result.reason);
}

/**
 * The first frame of encapsulated Pixel Data (PS3.5 A.4): every fragment of a single-frame image; of a
 * multi-frame one, the fragments before the Basic Offset Table's second entry, or the first fragment
 * when the table is empty (one fragment per frame, as the codecs the SCP decodes write them).
 */
async function firstCompressedFrame(
  data: DatasetInFile,
  valueOffset: number,
  header: DatasetHeader,
): Promise<Uint8Array | string> {
  const end = data.start + data.length;
  const item = async (position: number) => {
    if (position + 8 > end) return 'end';
    return itemAt(await readAt(data.handle, position, 8), 0);
  };
  let position = data.start + valueOffset;
  const table = await item(position);
  if (table === 'end') return 'no pixel data';
  const offsets =
    table.length >= 8 && table.length <= 1024 * 1024
      ? await readAt(data.handle, position + 8, table.length)
      : undefined;
  const frames = num(header.elements.NumberOfFrames) ?? 1;
  const frameEnd = frames > 1 && offsets ? offsets.readUInt32LE(4) : undefined;
  position += 8 + table.length;
  const firstFragment = position;
  const fragments: Array<{ position: number; length: number }> = [];
  let total = 0;
  for (;;) {
    if (frameEnd !== undefined && position - firstFragment >= frameEnd) break;
    const fragment = await item(position);
    if (fragment === 'end') break;
    fragments.push({ position: position + 8, length: fragment.length });
    total += fragment.length;
    if (total > MAX_FRAME_BYTES) return 'compressed frame too large for a preview';
    position += 8 + fragment.length;
    if (frames > 1 && frameEnd === undefined) break;
  }
  if (fragments.length === 0) return 'no pixel data';
  const frame = new Uint8Array(total);
  let filled = 0;
  for (const fragment of fragments) {
    frame.set(await readAt(data.handle, fragment.position, fragment.length), filled);
    filled += fragment.length;
  }
  return frame;
}
