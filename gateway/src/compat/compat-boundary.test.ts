import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Module specifiers of every `import … from '…'` and `export … from '…'` in a file. */
const importsOf = (text: string): string[] =>
  [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');

describe('the gateway core and compat/ (ADR 0031)', () => {
  it('reaches compat only from the router and the destination registry', () => {
    const reaching = sourceFiles(SRC)
      .map((file) => relative(SRC, file).split('\\').join('/'))
      .filter((file) => !file.startsWith('compat/'))
      .filter((file) =>
        importsOf(readFileSync(join(SRC, file), 'utf8')).some((spec) => /(^|\/)compat\//.test(spec)),
      );
    expect(reaching.sort()).toEqual(['destinations/destination-registry.ts', 'relay/connection-router.ts']);
  });
});
