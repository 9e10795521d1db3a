import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from 'modality-link-protocol';
import { parse } from 'yaml';
import { freeDemoPorts, prepareDemo, writeGatewayConfig } from './demo-setup.mjs';

const root = resolve(__dirname, '../..');
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the demo's gateway", () => {
  it('gets its FHIR and HL7 drop folders from the config npm start writes', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ml-demo-'));
    const demo = prepareDemo(dataDir);
    const workstation = await generateSigningKeyPair();
    writeGatewayConfig(demo, { workstationId: 'demo-ws', publicKey: workstation.publicKey });
    const deliveries = join(demo.dir, 'deliveries');
    expect(() => statSync(deliveries)).toThrow(/ENOENT/);

    // `check --offline` prepares destinations exactly as `run` does at start (Destination.prepare); the
    // demo's DICOM ports may be taken on this machine, so only the destination lines are asserted.
    const check = spawnSync(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'gateway/src/cli.ts',
        'check',
        '--offline',
        '--config',
        demo.configFile,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    for (const [name, folder] of [
      ['trust-fhir', 'fhir'],
      ['tie-hl7', 'hl7'],
    ]) {
      const path = join(deliveries, folder!);
      expect(check.stdout).toContain(
        `PASS destination ${name}: file: folder ${path} ready; directory is writable\n`,
      );
      expect(statSync(path).mode & 0o777).toBe(0o700);
    }
  });

  it('is configured with the free ports npm start chose for it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ml-demo-'));
    const ports = await freeDemoPorts();
    const all = [ports.relay, ports.worklist, ports.storage, ports.web];
    expect(new Set(all).size).toBe(4);
    // Below every OS's ephemeral range, where outgoing connections never take them.
    for (const port of all) expect(port).toBeGreaterThanOrEqual(20_000);
    for (const port of all) expect(port).toBeLessThan(32_768);

    const demo = prepareDemo(dataDir, ports);
    writeGatewayConfig(demo, { workstationId: 'demo-ws', publicKey: 'key' });
    const config = parse(readFileSync(demo.configFile, 'utf8'));
    expect(config.relay.endpoint).toBe(`ws://127.0.0.1:${ports.relay}`);
    expect(config.worklist.port).toBe(ports.worklist);
    expect(config.storage.port).toBe(ports.storage);
  });
});
