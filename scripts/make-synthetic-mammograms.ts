// Writes the modality simulator's synthetic mammograms, resources/dicom/{RCC,LCC,RMLO,LMLO}.dcm.
// Drawn, not scanned: no patient's image or data is in them. Deterministic, so re-running changes no byte
// (gateway/test/modality-sim/synthetic-images.test.ts checks the committed files against a fresh run).
//
//   node --import tsx scripts/make-synthetic-mammograms.ts [--out DIR] [--columns N]
//
// --columns makes larger images (rows = columns × 5/4) elsewhere, e.g. to exercise a reduced-copy path;
// the committed ones are 240 × 300 so each stays under 150 kB at 16 bits per pixel, uncompressed.
import { parseArgs } from 'node:util';
import {
  TEMPLATE_COLUMNS,
  writeSyntheticMammograms,
} from '../gateway/src/modality-sim/synthetic/mammogram-template';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'resources/dicom' },
    columns: { type: 'string', default: String(TEMPLATE_COLUMNS) },
  },
});
for (const file of writeSyntheticMammograms(values.out, Number(values.columns))) console.log(`wrote ${file}`);
