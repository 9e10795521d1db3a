import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, buildDecision, sourceFingerprint, writeStamp } from './build-stamp.mjs';

// A small tree shaped like the repository's: sources in a folder, a config file, two outputs.
const paths = {
  inputs: ['src', 'package.json'],
  outputs: ['out/app.js', 'dist/cli.js'],
  stampFile: 'out/.stamp',
};
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ml-stamp-'));
  mkdirSync(join(root, 'src/main'), { recursive: true });
  writeFileSync(join(root, 'src/main/index.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
  mkdirSync(join(root, 'out'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'out/app.js'), '');
  writeFileSync(join(root, 'dist/cli.js'), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const built = () => writeStamp(root, buildDecision(root, paths).fingerprint, paths.stampFile);

describe('whether npm start builds', () => {
  it('builds when there is no stamp, then skips while nothing changes', () => {
    expect(buildDecision(root, paths)).toMatchObject({ build: true, reason: 'no build stamp yet' });
    built();
    expect(buildDecision(root, paths)).toMatchObject({
      build: false,
      reason: 'the sources are unchanged since the last build',
    });
  });

  it('builds when a source changes size or mtime, or a file is added or removed', () => {
    built();
    writeFileSync(join(root, 'src/main/index.ts'), 'export const a = 12;\n');
    expect(buildDecision(root, paths)).toMatchObject({ build: true, reason: 'the sources changed' });

    built();
    // Same size, other mtime: an edit that swaps one character for another.
    utimesSync(join(root, 'package.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(buildDecision(root, paths).build).toBe(true);

    built();
    writeFileSync(join(root, 'src/main/extra.ts'), '');
    expect(buildDecision(root, paths).build).toBe(true);

    built();
    rmSync(join(root, 'src/main/extra.ts'));
    expect(buildDecision(root, paths).build).toBe(true);
  });

  it('builds when an output is missing, whatever the stamp says', () => {
    built();
    rmSync(join(root, 'dist/cli.js'));
    expect(buildDecision(root, paths)).toMatchObject({ build: true, reason: 'dist/cli.js is missing' });
  });

  it('lists only inputs the repository has, so a renamed file cannot silently drop out', () => {
    const repo = resolve(__dirname, '..');
    expect(BUILD_INPUTS.filter((input) => !existsSync(join(repo, input)))).toEqual([]);
    expect(sourceFingerprint(repo)).toMatch(/^[0-9a-f]{64}$/);
  });
});
