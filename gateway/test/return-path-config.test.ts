import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { listenOnLoopback } from '../../test-support/free-port';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '#gateway/cli/args';
import { checkCommand } from '#gateway/cli/check';
import { loadConfig } from '#gateway/config/load';
import { startGateway } from '#gateway/gateway';
import { silentLogger } from '#gateway/logger';
import { startStorageScp } from '#gateway/storage/storage-scp';
import { worklistStore } from '#gateway/worklist/binding';
import { configIssuesOf, writeTestConfig } from './helpers/config';
import { until } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

/** The storage and MPPS config keys, the `check` lines for the storage SCP, and its health check. */
let r: TestRelay;
beforeAll(async () => {
  r = await startTestRelay();
});
afterAll(async () => {
  await r?.relay.stop();
});

async function check(configFile: string): Promise<{ code: number; lines: string[] }> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await checkCommand(parseArgs(['check', '--config', configFile]));
    return { code, lines: spy.mock.calls.map((c) => String(c[0]).trimEnd()) };
  } finally {
    spy.mockRestore();
  }
}

describe('storage config', () => {
  it('is off by default, keeps MPPS on, and puts images under the data folder', async () => {
    const setup = await writeTestConfig(r);
    const config = loadConfig(setup.configFile);
    expect(config.raw.storage).toEqual({
      enabled: false,
      host: '0.0.0.0',
      port: 4244,
      ae_title: 'MODLINK_STORE',
      decode_compressed: true,
    });
    expect(config.storageDir).toBe(join(setup.dir, 'data', 'images'));
    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['worklist'], { enabled: true });
    doc.setIn(['storage'], { enabled: true, directory: 'pictures' });
    writeFileSync(setup.configFile, doc.toString());
    const configured = loadConfig(setup.configFile);
    expect(configured.raw.worklist.mpps).toBe(true);
    expect(configured.storageDir).toBe(join(setup.dir, 'pictures'));
  });

  it('names the key in every error', async () => {
    const setup = await writeTestConfig(r);
    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['worklist'], { enabled: true, port: 4243 });
    doc.setIn(['storage'], {
      enabled: true,
      port: 4243,
      ae_title: 'A_MUCH_TOO_LONG_AE_TITLE',
      directroy: 'x',
    });
    writeFileSync(setup.configFile, doc.toString());
    expect(configIssuesOf(setup.configFile)).toEqual([
      'storage.ae_title: a DICOM AE title (1-16 characters)',
      'storage.directroy: unknown key',
      'storage.port: 4243 is the worklist port; the storage SCP needs a port of its own (e.g. 4244)',
    ]);
  });
});

describe('check', () => {
  let busy: Server;
  afterAll(() => busy?.close());

  const noDestinations = { destinations: [], allowed_destinations: [] };

  it('proves the storage port can be bound and the image folder takes files', async () => {
    const setup = await writeTestConfig(r, {
      ...noDestinations,
      storage: { enabled: true, host: '127.0.0.1', port: 0 },
    });
    const ok = await check(setup.configFile);
    expect(ok.lines).toContain('PASS storage port: 127.0.0.1:0 is free');
    expect(ok.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^PASS storage directory: .*\/data\/images: writable, [\d.]+ GiB free \([\d.]+ %\)$/,
        ),
      ]),
    );
    expect(ok.code).toBe(0);

    busy = createServer();
    const port = await listenOnLoopback(busy);
    const taken = await writeTestConfig(r, {
      ...noDestinations,
      storage: { enabled: true, host: '127.0.0.1', port },
    });
    const failed = await check(taken.configFile);
    expect(failed.lines).toContain(
      `FAIL storage port: 127.0.0.1:${port}: in use (is the gateway already running?)`,
    );
    expect(failed.code).toBe(1);

    const off = await check((await writeTestConfig(r, noDestinations)).configFile);
    expect(off.lines.filter((l) => l.includes('storage'))).toEqual([]);
    expect(off.code).toBe(0);
  });
});

describe('health', () => {
  it('reports the storage port as production’s pacs_port, with the image folder’s disk', async () => {
    const setup = await writeTestConfig(r, {
      storage: { enabled: true, host: '127.0.0.1', port: 0, retention_days: 30 },
    });
    const config = loadConfig(setup.configFile);
    const gateway = await startGateway(config, {
      log: silentLogger(),
      worklist: worklistStore,
      destinations: new Map(),
      startStorageServer: (events) =>
        startStorageScp({
          events,
          host: '127.0.0.1',
          port: 0,
          aeTitle: 'STORE',
          directory: config.storageDir,
          log: silentLogger(),
        }),
    });
    try {
      await until(() => gateway.supervisor.state === 'listening');
      expect(gateway.storagePort).toBeGreaterThan(0);
      const health = await gateway.health();
      expect(health.healthy).toBe(true);
      expect(health.checks).toMatchObject({
        pacs_port: { ok: true, port: gateway.storagePort },
        image_disk: { ok: true },
      });
      // What the folder holds, so IT can see whether retention is set and working.
      expect(health.images).toEqual({ count: 0, bytes: 0, oldest_received_at: null, retention_days: 30 });
      gateway.db
        .prepare(
          `INSERT INTO stored_images (sop_instance_uid, accession_number, study_instance_uid, series_instance_uid,
             sop_class_uid, transfer_syntax_uid, sha256, path, size_bytes, preview, calling_ae_title, received_at)
           VALUES (?, 'ACC1', '2.25.1', '2.25.2', '1.2.3', '1.2.840.10008.1.2.1', ?, 'x', ?, 1, 'MG1', ?)`,
        )
        .run('2.25.3', 'a'.repeat(64), 1000, '2026-11-01T09:00:00.000Z');
      expect((await gateway.health()).images).toEqual({
        count: 1,
        bytes: 1000,
        oldest_received_at: '2026-11-01T09:00:00.000Z',
        retention_days: 30,
      });
    } finally {
      await gateway.stop();
    }
  });
});
