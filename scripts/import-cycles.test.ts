import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImportCycles } from './import-cycles.mjs';

const ROOT = path.resolve(__dirname, '..');
const cyclesIn = findImportCycles;

describe('import cycles', () => {
  it('none between the source files of the app, the gateway and the relay', () => {
    expect(
      cyclesIn(ROOT, ['src', 'protocol/src', 'sqlite-migrate/src', 'gateway/src', 'relay/src', 'scripts']),
    ).toEqual([]);
  });

  it('are found, type-only imports and `.js` spellings included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-cycles-'));
    try {
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.writeFileSync(
        path.join(dir, 'lib', 'a.ts'),
        "import type { B } from './b.js';\nexport type A = B;\n",
      );
      fs.writeFileSync(path.join(dir, 'lib', 'b.ts'), "import { c } from './c';\nexport type B = string;\n");
      fs.writeFileSync(path.join(dir, 'lib', 'c.ts'), "export { a } from './a';\nexport const c = 1;\n");
      fs.writeFileSync(path.join(dir, 'lib', 'd.ts'), "import { c } from './c';\nexport const d = c;\n");
      expect(cyclesIn(dir, ['lib'])).toEqual([
        [path.join('lib', 'a.ts'), path.join('lib', 'b.ts'), path.join('lib', 'c.ts')],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
