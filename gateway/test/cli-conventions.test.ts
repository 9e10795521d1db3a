import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The conventions all three CLIs share (one parser: modality-link-relay's parseCommandLine): help exits 0,
 * --version prints the version, an unknown option exits 2 with the usage. Each runs as one process from
 * source, as people run them.
 */
const ROOT = resolve(__dirname, '../..');
const CLIS = [
  {
    name: 'modality-link-gateway',
    file: 'gateway/src/cli.ts',
    usage: /^modality-link-gateway .*\n\n {2}init /,
    version: '0.1.0-dev',
  },
  {
    name: 'modality-link-relay',
    file: 'relay/src/cli.ts',
    usage: /^Usage: modality-link-relay \[options\]/,
    version: packageVersion('relay'),
  },
  {
    name: 'modality-sim',
    file: 'gateway/src/modality-sim/cli.ts',
    usage: /^Usage: npm run modality-sim/,
    version: '0.1.0-dev',
  },
];

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(resolve(ROOT, dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('CLI conventions', () => {
  for (const cli of CLIS) {
    it(`${cli.name}: -h/--help exit 0, -V/--version print the version, unknown options exit 2 with usage`, async () => {
      const [help, h, version, V, bogus] = await Promise.all([
        run(cli.file, ['--help']),
        run(cli.file, ['-h']),
        run(cli.file, ['--version']),
        run(cli.file, ['-V']),
        run(cli.file, ['--bogus']),
      ]);
      for (const result of [help, h]) {
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(cli.usage);
        expect(result.stderr).toBe('');
      }
      for (const result of [version, V])
        expect(result).toEqual({ code: 0, stdout: `${cli.version}\n`, stderr: '' });
      expect(bogus.code).toBe(2);
      expect(bogus.stdout).toBe('');
      expect(bogus.stderr).toMatch(
        new RegExp(`^${cli.name}: .*unknown option.*--bogus|^${cli.name}: --bogus: unknown option`),
      );
      expect(bogus.stderr.split('\n').slice(2).join('\n')).toMatch(cli.usage);
    }, 60_000); // five tsx start-ups on a shared 2-core machine
  }
});
