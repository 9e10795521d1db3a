import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../../../test-support/app-process';
import { RotatingLogFile } from './rotating-log-file';

describe('rotating log file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('rolls at the size limit, keeps N old files and loses no line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ml-logs-'));
    dirs.push(dir);
    const log = new RotatingLogFile(dir, { maxBytes: 1000, keep: 2 });
    const line = (i: number) => `${JSON.stringify({ i, msg: 'x'.repeat(80) })}\n`;
    for (let i = 0; i < 50; i += 1) log.write(line(i));
    log.close();
    expect(readdirSync(dir).sort()).toEqual([
      'modality-link.log',
      'modality-link.log.1',
      'modality-link.log.2',
    ]);
    for (const f of readdirSync(dir)) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1000);
    const newest = readFileSync(path.join(dir, 'modality-link.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(newest.at(-1)!).i).toBe(49);
    const kept = ['modality-link.log.2', 'modality-link.log.1', 'modality-link.log']
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
      .map((l) => (JSON.parse(l) as { i: number }).i);
    // Consecutive to the last line: rotation dropped whole old files only.
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 50 - kept.length + k));
  });
});

describe('Export diagnostics (the built app, through its API)', () => {
  let app: AppProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes one file with versions, settings without secrets, integrity check and recent logs', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ml-diag-'));
    app = await startAppProcess(dataDir, {
      MODALITY_LINK_LOG_LEVEL: 'info',
      MODALITY_LINK_RELAY_PORT: '0',
      MODALITY_LINK_PROXY: 'http://clinic-pc:s3cret-pw@proxy.trust.example:3128',
    });
    const logDir = path.join(dataDir, 'logs');
    const { file, bytes } = await app.call<{ file: string; bytes: number }>('app.exportDiagnostics');
    expect(path.dirname(file)).toBe(logDir);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const report = JSON.parse(text) as {
      app: { version: string; host: string };
      runtime: { node: string };
      relay_proxy: string;
      database: { integrity_check: string[] };
      settings: { gateways: Array<Record<string, unknown>> };
      logs: Record<string, string>;
    };
    expect(report.app.host).toBe('web');
    expect(report.runtime.node).toBe(process.versions.node);
    expect(report.database.integrity_check).toEqual(['ok']);
    expect(report.relay_proxy).toBe('proxy.trust.example:3128 (from MODALITY_LINK_PROXY, as clinic-pc)');
    expect(report.settings.gateways.length).toBeGreaterThan(0);
    for (const gateway of report.settings.gateways) {
      expect(gateway).toHaveProperty('relay_host');
      expect(Object.keys(gateway).filter((k) => /key|secret|token/i.test(k))).toEqual([]);
    }
    expect(report.logs['modality-link.log']).toContain('"msg":"demo data added"');
    expect(text).not.toContain('s3cret-pw');
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
  });
});
