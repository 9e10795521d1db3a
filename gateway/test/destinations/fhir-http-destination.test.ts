import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../../test-support/free-port';
import { FhirHttpDestination } from '#gateway/destinations/fhir-http-destination';
import { deliverRequest, serviceRequest } from './fixtures';

/**
 * The FHIR adapter against a real HTTP(S) server on 127.0.0.1 that scripts its answers. Retries are the
 * core's job, so "fails twice then succeeds" is three `deliver` calls, as the delivery worker makes them.
 */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

async function withServer<T>(
  answers: Answer[],
  test: (baseUrl: string, seen: Seen[]) => Promise<T>,
  tls?: { key: string; cert: string },
): Promise<T> {
  const seen: Seen[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift() ?? { status: 500 };
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'Content-Type': 'application/fhir+json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  const port = await listenOnLoopback(server);
  try {
    return await test(`${tls ? 'https' : 'http'}://127.0.0.1:${port}/fhir`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const fhir = (baseUrl: string, extra: Partial<ConstructorParameters<typeof FhirHttpDestination>[0]> = {}) =>
  new FhirHttpDestination({ name: 'trust-fhir', baseUrl, timeoutMs: 2000, ...extra });

const outcome = (diagnostics: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'invalid', diagnostics }],
});

describe('FHIR destination', () => {
  it('posts a conditional create; 503 twice is retryable, then 201 is delivered', async () => {
    await withServer(
      [
        { status: 503 },
        { status: 503 },
        { status: 201, headers: { Location: 'http://127.0.0.1/fhir/ServiceRequest/42/_history/1' } },
      ],
      async (baseUrl, seen) => {
        const destination = fhir(baseUrl, { bearerToken: 'token-abc' });
        const request = deliverRequest('FHIR', serviceRequest());
        expect(await destination.deliver(request)).toEqual({
          outcome: 'failed',
          fault: 'http_server_error',
          message: 'HTTP 503 Service Unavailable',
        });
        expect(await destination.deliver({ ...request, attempt: 2 })).toMatchObject({
          outcome: 'failed',
          fault: 'http_server_error',
        });
        expect(await destination.deliver({ ...request, attempt: 3 })).toEqual({
          outcome: 'delivered',
          message: 'ServiceRequest created (HTTP 201 Created) at fhir/ServiceRequest/42/_history/1',
        });
        await destination.close();

        expect(seen).toHaveLength(3);
        for (const s of seen) {
          expect(s.method).toBe('POST');
          expect(s.url).toBe('/fhir/ServiceRequest');
          expect(s.headers['if-none-exist']).toBe(
            'identifier=https://modality-link.nhs.example/accession|ACC202611270001',
          );
          expect(s.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
          expect(s.headers.authorization).toBe('Bearer token-abc');
          expect(s.body).toBe(serviceRequest());
        }
      },
    );
  });

  it('treats 200 to a conditional create as delivered (already there)', async () => {
    await withServer([{ status: 200 }], async (baseUrl) => {
      expect(await fhir(baseUrl).deliver(deliverRequest('FHIR', serviceRequest()))).toMatchObject({
        outcome: 'delivered',
        message: expect.stringMatching(/already present/),
      });
    });
  });

  it("rejects a 4xx with the OperationOutcome's text, masked and truncated, never our payload", async () => {
    const long = `Patient 943 476 5919 failed validation: ${'x'.repeat(400)}`;
    await withServer(
      [
        { status: 400, body: outcome('ServiceRequest.subject: reference not resolvable') },
        { status: 422, body: outcome(long) },
        { status: 404 },
      ],
      async (baseUrl) => {
        const destination = fhir(baseUrl);
        expect(await destination.deliver(deliverRequest('FHIR', serviceRequest()))).toEqual({
          outcome: 'rejected',
          fault: 'http_refused',
          message: 'HTTP 400 Bad Request: ServiceRequest.subject: reference not resolvable',
        });
        const masked = await destination.deliver(deliverRequest('FHIR', serviceRequest()));
        expect(masked.outcome).toBe('rejected');
        expect(masked.message).toMatch(
          /^HTTP 422 Unprocessable Entity: Patient \[number\] failed validation: x+…$/,
        );
        expect([...(masked.message ?? '')].length).toBeLessThan(260);
        expect(await destination.deliver(deliverRequest('FHIR', serviceRequest()))).toEqual({
          outcome: 'rejected',
          fault: 'http_refused',
          message: 'HTTP 404 Not Found',
        });
      },
    );
  });

  it('retries 408 and 429, and network failures and timeouts', async () => {
    await withServer([{ status: 408 }, { status: 429 }, 'hang'], async (baseUrl) => {
      const destination = fhir(baseUrl, { timeoutMs: 300 });
      for (const status of [408, 429]) {
        expect(await destination.deliver(deliverRequest('FHIR', serviceRequest()))).toMatchObject({
          outcome: 'failed',
          fault: 'http_busy',
          message: expect.stringContaining(`HTTP ${status}`),
        });
      }
      expect(await destination.deliver(deliverRequest('FHIR', serviceRequest()))).toEqual({
        outcome: 'failed',
        fault: 'timeout',
        message: 'FHIR request failed: no response in time (ETIMEDOUT)',
      });
      await destination.close();
    });
    const refused = await withServer([], async (baseUrl) => baseUrl);
    expect(await fhir(refused).deliver(deliverRequest('FHIR', serviceRequest()))).toEqual({
      outcome: 'failed',
      fault: 'connection',
      message: 'FHIR request failed: ECONNREFUSED',
    });
  });

  it('fails a redirect at once as a configuration fault, without following it', async () => {
    await withServer(
      [{ status: 302, headers: { Location: 'http://127.0.0.1:9/elsewhere' } }],
      async (baseUrl, seen) => {
        expect(await fhir(baseUrl).deliver(deliverRequest('FHIR', serviceRequest()))).toEqual({
          outcome: 'failed',
          fault: 'http_unexpected',
          message: 'HTTP 302 Found: unexpected response; check base_url',
        });
        expect(seen).toHaveLength(1);
      },
    );
  });

  it('rejects payloads it cannot send, without contacting the server', async () => {
    await withServer([], async (baseUrl, seen) => {
      const destination = fhir(baseUrl);
      const noId = JSON.stringify({ resourceType: 'ServiceRequest', identifier: [{ value: 'ACC1' }] });
      expect(await destination.deliver(deliverRequest('HL7v2', 'MSH|...'))).toMatchObject({
        outcome: 'rejected',
      });
      expect(await destination.deliver(deliverRequest('FHIR', '{not json'))).toEqual({
        outcome: 'rejected',
        fault: 'payload_invalid',
        message: 'payload is not JSON',
      });
      expect(await destination.deliver(deliverRequest('FHIR', '{"resourceType":"Patient"}'))).toMatchObject({
        outcome: 'rejected',
      });
      expect(await destination.deliver(deliverRequest('FHIR', noId))).toMatchObject({
        outcome: 'rejected',
        message: expect.stringMatching(/identifier/),
      });
      expect(seen).toEqual([]);
    });
  });

  it('checks reachability with GET metadata, sending no patient data', async () => {
    await withServer(
      [{ status: 200, body: { resourceType: 'CapabilityStatement' } }],
      async (baseUrl, seen) => {
        expect(await fhir(baseUrl).check()).toEqual({
          ok: true,
          message: 'FHIR server answered GET metadata with HTTP 200',
        });
        expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([['GET', '/fhir/metadata', '']]);
      },
    );
  });

  describe('over TLS', () => {
    let dir: string;
    let tls: { key: string; cert: string; ca: string };

    beforeAll(async () => {
      // A private CA and a server certificate for 127.0.0.1, as a trust's internal PKI would issue.
      dir = mkdtempSync(join(tmpdir(), 'fhir-tls-'));
      const run = promisify(execFile);
      const f = (name: string) => join(dir, name);
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        f('ca.key'),
        '-out',
        f('ca.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=Test Trust CA',
      ]);
      await run('openssl', [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        f('server.key'),
        '-out',
        f('server.csr'),
        '-subj',
        '/CN=127.0.0.1',
      ]);
      writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        f('server.csr'),
        '-CA',
        f('ca.pem'),
        '-CAkey',
        f('ca.key'),
        '-CAcreateserial',
        '-out',
        f('server.pem'),
        '-days',
        '2',
        '-extfile',
        f('ext.cnf'),
      ]);
      tls = {
        key: readFileSync(f('server.key'), 'utf8'),
        cert: readFileSync(f('server.pem'), 'utf8'),
        ca: readFileSync(f('ca.pem'), 'utf8'),
      };
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('verifies the server certificate: unknown CA fails, the configured CA delivers', async () => {
      await withServer(
        [{ status: 201 }],
        async (baseUrl, seen) => {
          const untrusted = await fhir(baseUrl).deliver(deliverRequest('FHIR', serviceRequest()));
          expect(untrusted).toMatchObject({
            outcome: 'failed',
            fault: 'connection',
            message: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED/),
          });
          expect(seen).toEqual([]);
          const trusted = fhir(baseUrl, { ca: tls.ca });
          expect(await trusted.deliver(deliverRequest('FHIR', serviceRequest()))).toMatchObject({
            outcome: 'delivered',
          });
          await trusted.close();
        },
        tls,
      );
    });
  });
});
