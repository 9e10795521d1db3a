import type { FileHandle } from 'node:fs/promises';
import type { Elements } from '../return-path/dicom-values';
import { dimse, UID } from '../worklist/dimse';
import { locatePixelData, MalformedDataset, NeedMoreBytes, type PixelDataLocation } from './dataset-layout';

/**
 * Reads a received data set back from its spooled file with bounded memory: the attributes before Pixel
 * Data (parsed by dcmjs as before, without the pixels) and where Pixel Data lies in the file. Reads
 * start small and grow, up to `MAX_HEADER_BYTES` of attributes.
 */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const FIRST_READ_BYTES = 256 * 1024;

/** The data set inside a spooled file: it starts after our File Meta Information. */
export interface DatasetInFile {
  handle: FileHandle;
  /** Offset of the data set's first byte in the file. */
  start: number;
  length: number;
  transferSyntaxUid: string;
}

export interface DatasetHeader {
  /** The attributes before Pixel Data; PixelData itself is absent (see `pixels`). */
  elements: Elements;
  /** Pixel Data's position, relative to the data set's first byte; undefined when it has none. */
  pixels: PixelDataLocation | undefined;
}

/**
 * `length` bytes from `position`, into `into` when given (a buffer reused across reads: the thumbnail
 * reads a whole mammogram back in 1 MiB blocks, and fresh blocks would be ~30 MB of garbage per image).
 */
export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
  into?: Buffer,
): Promise<Buffer> {
  // Unsafe (not zero-filled) is fine: every byte is read over, or the read throws.
  const buffer = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new MalformedDataset('the data set is shorter than announced');
    filled += bytesRead;
  }
  return buffer;
}

export async function readHeader(data: DatasetInFile): Promise<DatasetHeader> {
  const explicit = data.transferSyntaxUid !== UID.implicitVrLittleEndian;
  let size = Math.min(FIRST_READ_BYTES, data.length);
  for (;;) {
    const bytes = await readAt(data.handle, data.start, size);
    try {
      const layout = locatePixelData(bytes, explicit, size === data.length);
      const pixels = layout.pixels;
      if (pixels?.length !== undefined && pixels.valueOffset + pixels.length > data.length)
        throw new MalformedDataset('PixelData is cut short');
      const header = bytes.subarray(0, layout.headerEnd);
      const elements = new dimse.Dataset(header, data.transferSyntaxUid).getElements() as Elements;
      return { elements, pixels: layout.pixels };
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      if (size >= MAX_HEADER_BYTES)
        throw new MalformedDataset('the attributes before PixelData exceed 16 MiB', { cause: error });
      size = Math.min(size * 4, data.length, MAX_HEADER_BYTES);
    }
  }
}
