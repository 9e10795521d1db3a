import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const runner = (files: Record<string, string>) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-fuzz-runner-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return spawnSync(process.execPath, ['scripts/fuzz.mjs'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FUZZ_DIR: dir },
  });
};
const print = (lines: string[]) => `process.stdout.write(${JSON.stringify(lines.join('\n') + '\n')});\n`;

describe('npm run fuzz', () => {
  it('runs every *-fuzz.ts file, prints each target line and the totals', () => {
    const run = runner({
      'a-fuzz.ts': print(['noise', 'fuzz.alpha.cases: 10', 'fuzz.alpha.crashes: 0', 'fuzz.alpha.unclean: 0']),
      'b-fuzz.ts': print([
        'fuzz.beta.cases: 5',
        'fuzz.beta.crashes: 0',
        'fuzz.beta.unclean: 0',
        'fuzz.gamma.cases: 7',
        'fuzz.gamma.crashes: 0',
        'fuzz.gamma.unclean: 0',
      ]),
      'helper.ts': print(['fuzz.ignored.cases: 1000']),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('fuzz.alpha.cases: 10\n');
    expect(run.stdout).toContain('fuzz.gamma.cases: 7\n');
    expect(run.stdout).not.toContain('noise');
    expect(run.stdout).not.toContain('ignored');
    expect(run.stdout.trim().split('\n').slice(-3)).toEqual([
      'fuzz.cases: 22',
      'fuzz.crashes: 0',
      'fuzz.unclean: 0',
    ]);
  });

  it('fails when a target crashed, answered uncleanly, or its script died', () => {
    const counted = runner({
      'a-fuzz.ts': print(['fuzz.alpha.cases: 3', 'fuzz.alpha.crashes: 1', 'fuzz.alpha.unclean: 2']),
    });
    expect(counted.status).toBe(1);
    expect(counted.stdout).toMatch(/fuzz\.crashes: 1\nfuzz\.unclean: 2\n$/);
    fs.rmSync(dir, { recursive: true, force: true });

    const died = runner({ 'a-fuzz.ts': 'process.exit(3);\n' });
    expect(died.status).toBe(1);
    expect(died.stdout).toContain('# a-fuzz.ts: exited with 3 after 0 figure lines');
    expect(died.stdout).toMatch(/fuzz\.cases: 0\n/);
  });
});
