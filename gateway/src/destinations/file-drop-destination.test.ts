import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDropDestination } from './file-drop-destination';
import { deliverRequest, HL7_ORDER, serviceRequest } from '../../test/destinations/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-drop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const drop = () => new FileDropDestination({ name: 'pickup', directory: dir });
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('file drop destination', () => {
  it('writes <actionId>.<ext> by message type and leaves no temp files', async () => {
    expect(await drop().deliver(deliverRequest('FHIR', serviceRequest(), id(1)))).toEqual({
      outcome: 'delivered',
      message: `${id(1)}.json written`,
    });
    expect(await drop().deliver(deliverRequest('HL7v2', HL7_ORDER, id(2)))).toMatchObject({
      outcome: 'delivered',
    });
    expect((await readdir(dir)).sort()).toEqual([`${id(1)}.json`, `${id(2)}.hl7`]);
    expect(await readFile(join(dir, `${id(2)}.hl7`), 'utf8')).toBe(HL7_ORDER);
  });

  it('is idempotent: a redelivery finds the file and does not rewrite it', async () => {
    const first = serviceRequest('ACC1');
    await drop().deliver(deliverRequest('FHIR', first, id(1)));
    expect(await drop().deliver(deliverRequest('FHIR', serviceRequest('CHANGED'), id(1)))).toEqual({
      outcome: 'delivered',
      message: `${id(1)}.json already present`,
    });
    expect(await readFile(join(dir, `${id(1)}.json`), 'utf8')).toBe(first);
    expect(await readdir(dir)).toEqual([`${id(1)}.json`]);
  });

  it('never shows a watcher a partial file', async () => {
    // Large payloads written concurrently while a "watcher" keeps reading every visible file: each
    // file it can see under its final name must already be complete.
    const payloads = Array.from(
      { length: 12 },
      (_, i) => `${String(i).repeat(4)}:${'x'.repeat(2 * 1024 * 1024)}`,
    );
    let watching = true;
    const partial: string[] = [];
    let reads = 0;
    const watcher = (async () => {
      while (watching) {
        for (const name of await readdir(dir)) {
          if (name.startsWith('.')) continue;
          const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
          if (text === undefined) continue;
          reads += 1;
          const n = Number(name.slice(-8, -5));
          if (text !== payloads[n]) partial.push(name);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = await Promise.all(
      payloads.map((p, i) =>
        drop().deliver(
          deliverRequest('FHIR', p, `00000000-0000-4000-8000-000000000${String(i).padStart(3, '0')}`),
        ),
      ),
    );
    watching = false;
    await watcher;
    expect(results.every((r) => r.outcome === 'delivered')).toBe(true);
    expect(partial).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses unsafe action ids and unknown message types, and fails retryably when the folder is gone', async () => {
    expect(await drop().deliver(deliverRequest('FHIR', '{}', '../../etc/passwd'))).toMatchObject({
      outcome: 'rejected',
    });
    expect(await drop().deliver(deliverRequest('DICOM', 'x', id(3)))).toMatchObject({ outcome: 'rejected' });
    const gone = new FileDropDestination({ name: 'pickup', directory: join(dir, 'missing') });
    expect(await gone.deliver(deliverRequest('FHIR', '{}', id(4)))).toEqual({
      outcome: 'failed',
      fault: 'storage',
      message: `could not write ${id(4)}.json: ENOENT`,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('prepare creates a missing folder 0700, and fails naming the destination and folder when it cannot', async () => {
    const folder = join(dir, 'fhir', 'out');
    const destination = new FileDropDestination({ name: 'trust-fhir', directory: folder });
    expect(await destination.prepare()).toBe(`folder ${folder} ready`);
    const made = await stat(folder);
    expect(made.isDirectory()).toBe(true);
    expect(made.mode & 0o777).toBe(0o700);
    expect(await destination.deliver(deliverRequest('FHIR', serviceRequest(), id(5)))).toMatchObject({
      outcome: 'delivered',
    });

    // A folder IT already made (e.g. group-readable for the engine) keeps its mode.
    await chmod(dir, 0o750);
    expect(await drop().prepare()).toBe(`folder ${dir} ready`);
    expect((await stat(dir)).mode & 0o777).toBe(0o750);

    await writeFile(join(dir, 'blocker'), '');
    const blocked = new FileDropDestination({ name: 'tie-hl7', directory: join(dir, 'blocker', 'hl7') });
    await expect(blocked.prepare()).rejects.toThrow(
      `destination "tie-hl7": cannot prepare folder ${join(dir, 'blocker', 'hl7')}: ENOTDIR`,
    );
    const notFolder = new FileDropDestination({ name: 'tie-hl7', directory: join(dir, 'blocker') });
    await expect(notFolder.prepare()).rejects.toThrow(/cannot prepare folder .*blocker: EEXIST$/);
  });

  it('prepare removes only the temp files an interrupted write leaves, never other files', async () => {
    const leftover = `.${id(6)}.0b6f1a52-1c4e-4d7a-9a51-3f0e2d9c8b7a.tmp`;
    const others = [`${id(7)}.json`, '.engine-lock', `.${id(8)}.tmp`, 'notes.tmp'];
    await writeFile(join(dir, leftover), '{"resourceType":"Servi');
    for (const name of others) await writeFile(join(dir, name), 'kept');
    // As `check` calls it, beside a gateway that may be writing: nothing is removed.
    expect(await drop().prepare({ removeLeftovers: false })).toBe(`folder ${dir} ready`);
    expect((await readdir(dir)).sort()).toEqual([leftover, ...others].sort());
    expect(await drop().prepare()).toBe(
      `folder ${dir} ready; removed 1 temp file(s) left by an interrupted write`,
    );
    expect((await readdir(dir)).sort()).toEqual([...others].sort());
  });

  it('checks that the folder exists and is writable', async () => {
    expect(await drop().check()).toEqual({ ok: true, message: 'directory is writable' });
    await writeFile(join(dir, 'plain-file'), '');
    expect(
      await new FileDropDestination({ name: 'p', directory: join(dir, 'plain-file') }).check(),
    ).toMatchObject({ ok: false });
    expect(await new FileDropDestination({ name: 'p', directory: join(dir, 'nope') }).check()).toMatchObject({
      ok: false,
    });
  });
});
