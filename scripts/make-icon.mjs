#!/usr/bin/env node
// Draws resources/icon.png (512×512): a white link mark on NHS blue. Generated rather than drawn by
// hand so the packaging icon has a known source; run again after changing the design.
import fs from 'node:fs';
import zlib from 'node:zlib';

const SIZE = 512;
const BLUE = [0, 94, 184];
const WHITE = [255, 255, 255];
const pixels = Buffer.alloc(SIZE * SIZE * 4);

function inRing(x, y, cx, cy, outer, inner) {
  const d = Math.hypot(x - cx, y - cy);
  return d <= outer && d >= inner;
}

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    // Rounded square background.
    const r = 96;
    const dx = Math.max(r - x, 0, x - (SIZE - 1 - r));
    const dy = Math.max(r - y, 0, y - (SIZE - 1 - r));
    const inside = dx * dx + dy * dy <= r * r;
    // Two interlocking rings: the clinic and the hospital, linked.
    const ring = inRing(x, y, 200, 256, 120, 84) || inRing(x, y, 312, 256, 120, 84);
    const colour = !inside ? null : ring ? WHITE : BLUE;
    const i = (y * SIZE + x) * 4;
    if (colour) {
      pixels[i] = colour[0];
      pixels[i + 1] = colour[1];
      pixels[i + 2] = colour[2];
      pixels[i + 3] = 255;
    }
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync('resources/icon.png', png);
console.log(`resources/icon.png: ${png.length} bytes`);
