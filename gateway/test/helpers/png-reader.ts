import { crc32, inflateSync } from 'node:zlib';

/**
 * Reads back the PNGs the gateway makes (8-bit greyscale, non-interlaced), independently of the
 * encoder: checks the signature and every chunk's CRC, parses IHDR, inflates the IDAT stream and undoes
 * the per-row filters (PNG 9.2) into plain pixels.
 */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  filters: number[];
  pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readPng(png: Buffer): DecodedPng {
  if (!SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG signature');
  let offset = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0 !== crc)
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header || !ended || idat.length === 0) throw new Error('missing IHDR, IDAT or IEND');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (width + 1) * height) throw new Error('IDAT size does not match IHDR');
  const pixels = new Uint8Array(width * height);
  const filters: number[] = [];
  for (let y = 0; y < height; y += 1) {
    const type = raw[y * (width + 1)]!;
    filters.push(type);
    for (let x = 0; x < width; x += 1) {
      const a = x > 0 ? pixels[y * width + x - 1]! : 0;
      const b = y > 0 ? pixels[(y - 1) * width + x]! : 0;
      const c = x > 0 && y > 0 ? pixels[(y - 1) * width + x - 1]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][type];
      if (predictor === undefined) throw new Error(`unknown filter ${type}`);
      pixels[y * width + x] = (raw[y * (width + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth: header[8]!, colourType: header[9]!, filters, pixels };
}
