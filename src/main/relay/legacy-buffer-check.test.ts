import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs `code` in a fresh Node process (workspace packages from source); returns its stderr. */
function stderrOf(code: string): string {
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

const SKIP = `require('modality-link-protocol').skipLegacyBufferCheck();`;
const LEGACY_CALL = `new Buffer(4);`;
const OTHER_DEPRECATION = `process.emitWarning('still shown', 'DeprecationWarning', 'DEP_TEST');`;

it('without the skip, Node still checks every `new Buffer()` and warns for our own code (the control)', () => {
  expect(stderrOf(LEGACY_CALL)).toContain('DEP0005');
});

it("issues Node's Buffer() deprecation once, silently, so Node stops checking, and leaves other warnings alone", () => {
  const stderr = stderrOf(`${SKIP} ${LEGACY_CALL} ${OTHER_DEPRECATION}`);
  // Nothing printed for the skip itself, nor for a later call: Node treats the warning as issued.
  expect(stderr).not.toContain('DEP0005');
  expect(stderr).toContain('DEP_TEST');
  expect(stderr).toContain('still shown');
});
