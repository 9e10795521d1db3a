import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScpServer } from '#gateway/dicom-net/scp-listener';
import { startStorageScp } from '#gateway/storage/storage-scp';
import { freePort } from '../../../test-support/free-port';
import { echoscu, run } from './dcmtk';
import { writeMg } from './mg-fixture';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * Transfer syntax negotiation against DCMTK's own storage SCP as the reference: the same storescu
 * proposals (defaults, -x…, -R, +C) with the same files (uncompressed and compressed by DCMTK's
 * encoders) go to `storescp +xa` and to the gateway, and each must succeed or fail at both alike.
 * Lossy JPEG is the one deliberate difference: refused unless the site allows it.
 */
const AE = 'STORESCP';
const dir = mkdtempSync(join(tmpdir(), 'ml-ts-'));
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.8.${n}`;
const FILES: Record<string, { tool?: string[]; ts: string }> = {
  uncompressed: { ts: '1.2.840.10008.1.2.1' },
  'jpeg-sv1': { tool: ['dcmcjpeg'], ts: '1.2.840.10008.1.2.4.70' },
  'jpeg-p14': { tool: ['dcmcjpeg', '+el'], ts: '1.2.840.10008.1.2.4.57' },
  rle: { tool: ['dcmcrle'], ts: '1.2.840.10008.1.2.5' },
  'jpeg-ls': { tool: ['dcmcjpls'], ts: '1.2.840.10008.1.2.4.80' },
};
const path = (name: string) => join(dir, `${name}.dcm`);
const PROPOSALS = [
  [],
  ['-xe'],
  ['-xb'],
  ['-xi'],
  ['-xs'],
  ['-xr'],
  ['-xt'],
  ['-R'],
  ['+C', '-xs'],
  ['+C', '-xt'],
  ['+C', '-xr'],
];

let storescp: ChildProcess;
let referencePort: number;
beforeAll(async () => {
  for (const [index, [name, spec]] of Object.entries(FILES).entries()) {
    const source = writeMg(join(dir, `src-${name}.dcm`), { accession: 'ACC1', sopInstanceUid: uid(index) });
    if (!spec.tool) writeMg(path(name), { accession: 'ACC1', sopInstanceUid: uid(index) });
    else expect((await run(spec.tool[0]!, [...spec.tool.slice(1), source, path(name)])).code).toBe(0);
  }
  const lossy = writeMg(join(dir, 'src-lossy.dcm'), { accession: 'ACC1', sopInstanceUid: uid(20) });
  expect((await run('dcmcjpeg', ['+ee', '+un', lossy, path('jpeg-lossy')])).code).toBe(0);
  const processing = writeMg(join(dir, 'src-processing.dcm'), {
    accession: 'ACC1',
    sopInstanceUid: uid(21),
    set: { SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2.1', PresentationIntentType: 'FOR PROCESSING' },
  });
  expect((await run('dcmcjpeg', ['+ee', '+un', processing, path('processing-lossy')])).code).toBe(0);
  referencePort = await freePort();
  mkdirSync(join(dir, 'reference'));
  storescp = spawn('storescp', ['+xa', '-od', join(dir, 'reference'), '-aet', AE, String(referencePort)]);
  // Ready when it answers C-ECHO (polled: its start-up time is not ours to assume).
  for (let i = 0; i < 100; i += 1) {
    if ((await echoscu({ port: referencePort, calledAe: AE })).code === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(() => {
  storescp.kill();
  rmSync(dir, { recursive: true, force: true });
});

let t: ReturnPathDb;
let scp: ScpServer;
async function start(acceptLossyForPresentation = false): Promise<number> {
  t = openReturnPathDb();
  t.addItem('ACC1');
  scp = await startStorageScp({
    events: t.events,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    directory: join(t.dir, 'images'),
    log: t.log,
    reserve: { bytes: 0, percent: 0 },
    acceptLossyForPresentation,
  });
  return scp.port;
}
afterEach(async () => {
  await scp.close();
  t.close();
});

const stored = async (port: number, file: string, options: string[]) =>
  (await storescu({ port, calledAe: AE }, [path(file)], options)).statuses[0] === 0;
const storedSyntax = (n: number) =>
  t.db
    .prepare('SELECT transfer_syntax_uid FROM stored_images WHERE sop_instance_uid = ?')
    .pluck()
    .get(uid(n));

describe('storescu proposals, gateway beside storescp +xa', () => {
  it(
    'succeeds and fails exactly where DCMTK storescp does, and stores compressed files as sent',
    { timeout: 180_000 },
    async () => {
      const port = await start();
      const outcomes: string[] = [];
      for (const options of PROPOSALS) {
        for (const file of Object.keys(FILES)) {
          const reference = await stored(referencePort, file, options);
          const gateway = await stored(port, file, options);
          outcomes.push(`${options.join(' ') || 'default'} ${file}: ${gateway ? 'stored' : 'failed'}`);
          expect(gateway, `${options.join(' ')} ${file}`).toBe(reference);
        }
      }
      // The cells that matter, so both failing alike cannot pass: uncompressed always goes; a compressed
      // file goes when its syntax is proposed, alone (-x…) or combined with the uncompressed ones (+C).
      expect(outcomes).toEqual(
        expect.arrayContaining([
          'default uncompressed: stored',
          '-xb uncompressed: stored',
          '-R uncompressed: stored',
          'default jpeg-sv1: failed',
          '-xs jpeg-sv1: stored',
          '-xr rle: stored',
          '-xt jpeg-ls: stored',
          '+C -xs jpeg-sv1: stored',
          '+C -xt jpeg-ls: stored',
          '+C -xr rle: stored',
        ]),
      );
      expect(storedSyntax(1)).toBe(FILES['jpeg-sv1']!.ts);
      expect(storedSyntax(3)).toBe(FILES.rle!.ts);
      expect(storedSyntax(4)).toBe(FILES['jpeg-ls']!.ts);
    },
  );
});

describe('lossy JPEG', () => {
  it('is refused with a log line unless the site allows it for presentation images', async () => {
    const port = await start();
    expect(await stored(port, 'jpeg-lossy', ['-xx'])).toBe(false);
    expect(t.logLines.join('')).toMatch(/lossy transfer syntax not allowed/);
    expect(await stored(referencePort, 'jpeg-lossy', ['-xx'])).toBe(true);
  });

  it('is stored as sent when allowed, but never for For Processing images', async () => {
    const port = await start(true);
    expect(await stored(port, 'jpeg-lossy', ['-xx'])).toBe(true);
    expect(storedSyntax(20)).toBe('1.2.840.10008.1.2.4.51');
    expect(await stored(port, 'processing-lossy', ['-xx'])).toBe(false);
    expect(storedSyntax(21)).toBeUndefined();
  });
});
