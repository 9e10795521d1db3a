import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../../test-support/free-port';
import { destinationConfigSchema, parseDestinationConfigs } from '#gateway/destinations/destination-config';
import { createDestinations } from '#gateway/destinations/destination-registry';
import { worklistDb } from '../dicom/worklist-fixtures';
import { deliverRequest, serviceRequest } from './fixtures';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dest-config-'));
  dirs.push(d);
  return d;
};

describe('destination config', () => {
  it('accepts each type and fills in default timeouts', () => {
    const parsed = parseDestinationConfigs([
      { name: 'mwl', type: 'worklist' },
      {
        name: 'tie',
        type: 'fhir',
        base_url: 'https://tie.trust.nhs.uk/fhir/R4',
        bearer_token: 'env:TIE_TOKEN',
      },
      { name: 'local-fhir', type: 'fhir', base_url: 'http://127.0.0.1:8080/fhir' },
      { name: 'ris', type: 'hl7-mllp', host: 'ris.trust.local', port: 2575 },
      { name: 'pickup', type: 'file', directory: './outbox' },
    ]);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.configs.map((c) => c.type)).toEqual(['worklist', 'fhir', 'fhir', 'hl7-mllp', 'file']);
      expect(parsed.configs[1]).toMatchObject({ timeout_ms: 15_000 });
      expect(parsed.configs[3]).toMatchObject({ timeout_ms: 10_000 });
    }
  });

  it('names the offending key in every error', () => {
    const parsed = parseDestinationConfigs([
      { name: 'a', type: 'fhir', base_url: 'http://tie.trust.nhs.uk/fhir' },
      { name: 'b', type: 'hl7-mllp', host: 'ris' },
      { name: 'c', type: 'file', directory: '/x', dirctory: '/y' },
      { name: 'd', type: 'smtp' },
      { name: 'a', type: 'worklist' },
      { name: 'e', type: 'fhir', base_url: 'https://user:pw@tie/fhir', timeout_ms: 5 },
    ]);
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? [] : parsed.issues;
    expect(issues).toEqual([
      expect.stringMatching(/^destinations\[0\]\.base_url: base_url must be https:\/\//),
      'destinations[1].port: port is required',
      expect.stringMatching(/^destinations\[2\]: .*dirctory/),
      expect.stringMatching(/^destinations\[3\]\.type: type must be one of worklist, fhir, hl7-mllp, file/),
      'destinations[4].name: duplicate name "a"',
      expect.stringMatching(/^destinations\[5\]\.base_url: /),
      expect.stringMatching(/^destinations\[5\]\.timeout_ms: timeout_ms must be at least 100/),
    ]);
  });
});

describe('createDestinations', () => {
  it('builds one adapter per entry, resolving relative paths and secret references', async () => {
    const baseDir = tempDir();
    writeFileSync(join(baseDir, 'token.txt'), 'from-file\n');
    let authorization: string | undefined;
    const server = http.createServer((req, res) => {
      authorization = req.headers.authorization;
      req.resume().on('end', () => res.writeHead(201).end());
    });
    const port = await listenOnLoopback(server);
    try {
      const db = worklistDb();
      const configs = [
        { name: 'mwl', type: 'worklist' },
        {
          name: 'tie',
          type: 'fhir',
          base_url: `http://127.0.0.1:${port}/fhir`,
          bearer_token: 'file:token.txt',
        },
        { name: 'ris', type: 'hl7-mllp', host: '127.0.0.1', port: 2575 },
        { name: 'pickup', type: 'file', directory: '.' },
      ].map((c) => destinationConfigSchema.parse(c));
      const destinations = createDestinations(configs, { db, baseDir });
      expect([...destinations].map(([name, d]) => [name, d.kind])).toEqual([
        ['mwl', 'worklist'],
        ['tie', 'fhir'],
        ['ris', 'hl7-mllp'],
        ['pickup', 'file'],
      ]);
      expect(await destinations.get('tie')!.deliver(deliverRequest('FHIR', serviceRequest()))).toMatchObject({
        outcome: 'delivered',
      });
      expect(authorization).toBe('Bearer from-file');
      expect(await destinations.get('pickup')!.check()).toEqual({
        ok: true,
        message: 'directory is writable',
      });
      await Promise.all([...destinations.values()].map((d) => d.close()));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops at start-up on an unreadable CA file or a missing secret, naming the destination', () => {
    const baseDir = tempDir();
    const db = worklistDb();
    const fhir = (extra: object) =>
      destinationConfigSchema.parse({ name: 'tie', type: 'fhir', base_url: 'https://tie/fhir', ...extra });
    expect(() => createDestinations([fhir({ ca_file: 'missing-ca.pem' })], { db, baseDir })).toThrow(
      /destination "tie": cannot use ca_file/,
    );
    expect(() =>
      createDestinations([fhir({ bearer_token: 'env:NOT_SET_ANYWHERE' })], { db, baseDir, env: {} }),
    ).toThrow(/NOT_SET_ANYWHERE is not set/);
  });
});
