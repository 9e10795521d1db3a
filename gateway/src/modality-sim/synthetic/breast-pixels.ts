/**
 * Pixels for the synthetic mammograms: a breast-shaped, compressed-tissue gradient with smooth glandular
 * texture, a skin line, a pectoral muscle on MLO views, a lead-marker style view label and the word
 * SYNTHETIC. Drawn from fixed seeds, so the same size always gives the same pixels on every machine.
 */
export interface PixelView {
  laterality: 'R' | 'L';
  position: 'CC' | 'MLO';
}

/** 12 bits stored in 16 allocated. */
export const MAX_PIXEL = 4095;

/** mulberry32: a tiny seeded PRNG (no Math.random, which cannot be seeded). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth value noise in [0, 1] over the unit square: three octaves of bilinearly interpolated lattices. */
function noiseField(seed: number): (u: number, v: number) => number {
  const next = random(seed);
  const octaves = [8, 20, 48].map((cells, i) => ({
    cells,
    weight: 1 / (i + 1),
    grid: Array.from({ length: (cells + 1) * (cells + 1) }, next),
  }));
  const total = octaves.reduce((sum, o) => sum + o.weight, 0);
  return (u, v) => {
    let sum = 0;
    for (const { cells, weight, grid } of octaves) {
      const x = u * cells;
      const y = v * cells;
      const x0 = Math.min(Math.floor(x), cells - 1);
      const y0 = Math.min(Math.floor(y), cells - 1);
      const fx = x - x0;
      const fy = y - y0;
      const at = (gx: number, gy: number) => grid[gy * (cells + 1) + gx]!;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      sum += (top * (1 - fy) + bottom * fy) * weight;
    }
    return sum / total;
  };
}

// 5 × 7 glyphs ('#' is ink) for the few letters the labels use.
const GLYPHS: Record<string, readonly string[]> = {
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  I: ['###', '.#.', '.#.', '.#.', '.#.', '.#.', '###'],
};

const glyph = (ch: string) => GLYPHS[ch] ?? GLYPHS.I!;
const textWidth = (text: string, scale: number) =>
  [...text].reduce((w, ch) => w + (glyph(ch)[0]!.length + 1) * scale, -scale);

interface Canvas {
  pixels: Uint16Array;
  columns: number;
}

function drawText(canvas: Canvas, text: string, at: { x: number; y: number }, scale: number, value: number) {
  let x = at.x;
  for (const ch of text) {
    const rows = glyph(ch);
    rows.forEach((row, gy) =>
      [...row].forEach((ink, gx) => {
        if (ink !== '#') return;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            canvas.pixels[(at.y + gy * scale + dy) * canvas.columns + x + gx * scale + dx] = value;
      }),
    );
    x += (rows[0]!.length + 1) * scale;
  }
}

/**
 * u runs from the chest wall (0) to the nipple, v from top (0) to bottom. Right-breast images have the
 * chest wall on the right and left-breast ones on the left, as a pair is hung facing each other.
 */
export function drawBreast(view: PixelView, columns: number, rows: number, seed: number): Uint16Array {
  const pixels = new Uint16Array(rows * columns);
  const texture = noiseField(seed);
  const grain = random(seed ^ 0x9e3779b9);
  const mlo = view.position === 'MLO';
  const [centre, reach, half] = mlo ? [0.5, 0.7, 0.49] : [0.5, 0.7, 0.41];
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const u = view.laterality === 'R' ? 1 - x / (columns - 1) : x / (columns - 1);
      const v = y / (rows - 1);
      // MLO: the breast hangs lower away from the axilla, so its outline leans as u grows.
      const dv = v - centre - (mlo ? 0.12 * u * u : 0);
      const r = Math.hypot(u / reach, dv / half);
      let value = 40 + grain() * 30; // air: near black in a for-presentation image
      if (r < 1) {
        const thickness = Math.sqrt(1 - r * r);
        const gland = Math.max(0, texture(u, v) - 0.42) * 2.6 * (1 - 0.6 * r);
        value = 1150 + 700 * thickness + 1500 * gland + grain() * 90;
        if (r > 0.975) value += 140; // skin line
        if (mlo && u < 0.3 * (1 - v / 0.55)) value += 600; // pectoral muscle
      }
      pixels[y * columns + x] = Math.min(MAX_PIXEL, Math.max(0, Math.round(value)));
    }
  }
  // The view label sits on the nipple side, clear of the tissue, like a lead marker.
  const canvas = { pixels, columns };
  const scale = Math.max(2, Math.round(columns / 120));
  const small = Math.max(1, scale - 1);
  const margin = Math.round(columns / 30);
  const nippleSide = (w: number) => (view.laterality === 'R' ? margin : columns - margin - w);
  const label = `${view.laterality}${view.position}`;
  drawText(canvas, label, { x: nippleSide(textWidth(label, scale)), y: margin }, scale, 4000);
  const bottom = rows - margin - 7 * small;
  drawText(canvas, 'SYNTHETIC', { x: nippleSide(textWidth('SYNTHETIC', small)), y: bottom }, small, 3000);
  return pixels;
}
