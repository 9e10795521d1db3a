import { encodePng } from './png';

/**
 * The "NO PREVIEW" image sent in `study.image_received` when the gateway stored an image but cannot
 * make a thumbnail of it (a compressed transfer syntax without a decoder, colour, a decoder failure).
 * The event's schema requires a thumbnail, and a clear placeholder on the clinic screen says "image
 * received, picture not available" better than a blank. Drawn once from a 5 × 7 bitmap font.
 */
const GLYPHS: Record<string, readonly string[]> = {
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '##.##', '#...#'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

export const PLACEHOLDER_WIDTH = 200;
export const PLACEHOLDER_HEIGHT = 150;

function draw(): Uint8Array {
  const width = PLACEHOLDER_WIDTH;
  const height = PLACEHOLDER_HEIGHT;
  const gray = new Uint8Array(width * height).fill(64);
  // A one-pixel frame, so the tile reads as an image slot even at a glance.
  for (let x = 0; x < width; x += 1) gray[x] = gray[(height - 1) * width + x] = 160;
  for (let y = 0; y < height; y += 1) gray[y * width] = gray[y * width + width - 1] = 160;
  const scale = 3;
  const lines = ['NO', 'PREVIEW'];
  lines.forEach((line, li) => {
    const lineWidth = (line.length * 6 - 1) * scale;
    const left = Math.floor((width - lineWidth) / 2);
    const top = Math.floor(height / 2) - 8 * scale + li * 9 * scale;
    [...line].forEach((ch, ci) => {
      const glyph = GLYPHS[ch] ?? GLYPHS[' ']!;
      glyph.forEach((row, gy) => {
        [...row].forEach((cell, gx) => {
          if (cell !== '#') return;
          for (let dy = 0; dy < scale; dy += 1)
            for (let dx = 0; dx < scale; dx += 1)
              gray[(top + gy * scale + dy) * width + left + (ci * 6 + gx) * scale + dx] = 230;
        });
      });
    });
  });
  return gray;
}

let cached: Buffer | undefined;

/** The placeholder PNG (made once, a few hundred bytes). */
export function placeholderPng(): Buffer {
  cached ??= encodePng(draw(), PLACEHOLDER_WIDTH, PLACEHOLDER_HEIGHT);
  return cached;
}
