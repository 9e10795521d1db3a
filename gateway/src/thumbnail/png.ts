import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder (ISO/IEC 15948): 8-bit greyscale, no interlace, one IDAT chunk. Enough for a
 * thumbnail, and small enough to read in full. Each row gets the filter (PNG 9.2) whose output has the
 * smallest sum of absolute values (the standard's suggested heuristic); `filter: 'none'` forces type 0,
 * which tests use to compare inflated bytes directly.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * One of the five filtered versions of a row (bytes per pixel = 1), as PNG 9.2 defines them; `prev` is
 * the row above, all zeros for the first. One loop per type: the thumbnail runs these five times a row.
 */
function filterRow(type: number, row: Uint8Array, prev: Uint8Array, out: Uint8Array): void {
  const n = row.length;
  if (type === 0) out.set(row);
  else if (type === 1) {
    out[0] = row[0]!;
    for (let x = 1; x < n; x += 1) out[x] = (row[x]! - row[x - 1]!) & 0xff;
  } else if (type === 2) {
    for (let x = 0; x < n; x += 1) out[x] = (row[x]! - prev[x]!) & 0xff;
  } else if (type === 3) {
    out[0] = (row[0]! - (prev[0]! >> 1)) & 0xff;
    for (let x = 1; x < n; x += 1) out[x] = (row[x]! - ((row[x - 1]! + prev[x]!) >> 1)) & 0xff;
  } else {
    out[0] = (row[0]! - paeth(0, prev[0]!, 0)) & 0xff;
    for (let x = 1; x < n; x += 1) out[x] = (row[x]! - paeth(row[x - 1]!, prev[x]!, prev[x - 1]!)) & 0xff;
  }
}

function cost(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const v = bytes[i]!;
    sum += v < 128 ? v : 256 - v;
  }
  return sum;
}

export function encodePng(
  gray: Uint8Array,
  width: number,
  height: number,
  options: { filter?: 'adaptive' | 'none' } = {},
): Buffer {
  if (gray.length !== width * height) throw new Error('pixel count does not match the size');
  const raw = Buffer.alloc((width + 1) * height);
  const candidate = new Uint8Array(width);
  const best = new Uint8Array(width);
  const zeros = new Uint8Array(width);
  for (let y = 0; y < height; y += 1) {
    const row = gray.subarray(y * width, (y + 1) * width);
    const prev = y > 0 ? gray.subarray((y - 1) * width, y * width) : zeros;
    let bestType = 0;
    let bestCost = Infinity;
    const types = options.filter === 'none' ? [0] : [0, 1, 2, 3, 4];
    for (const type of types) {
      filterRow(type, row, prev, candidate);
      const c = cost(candidate);
      if (c < bestCost) {
        bestCost = c;
        bestType = type;
        best.set(candidate);
      }
    }
    raw[y * (width + 1)] = bestType;
    raw.set(best, y * (width + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression 0 (deflate), filter method 0, interlace 0: already zero
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    // zlib's default level: a 400 px thumbnail in ~20 ms instead of ~33 ms at level 9, ~10 % larger.
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
