import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Agent, globalAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  dispose(): void;
}

/** A throwaway self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI. */
export function makeTestCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'relay-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    certPath,
    keyPath,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * hyco-ws's sockets take no TLS options and use Node's global HTTPS agent, whose options are merged into
 * every request: trusting the test CA there is the least invasive way to make the unmodified client verify
 * the test certificate (verification stays on). Returns the undo.
 */
export function trustInGlobalAgent(certPem: string): () => void {
  const options = (globalAgent as Agent & { options: { ca?: unknown } }).options;
  const previous = options.ca;
  options.ca = certPem;
  return () => {
    options.ca = previous;
  };
}
