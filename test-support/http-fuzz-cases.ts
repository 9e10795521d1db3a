import fc from 'fast-check';
import { ERROR_KINDS } from '../src/shared/ipc/contract';
import type { RawReply } from './raw-http';

/**
 * Hostile HTTP for the web host, shared by the property test and `npm run fuzz`: requests built from
 * fragments that have broken web servers before (bad percent-encoding, traversal, encoded separators,
 * control characters, odd methods, duplicate and missing headers, wrong lengths, oversize bodies), and
 * plain garbage bytes.
 */
export interface HttpCase {
  method: string;
  bytes: Buffer;
}

const pathPiece = fc.oneof(
  fc.constantFrom(
    '',
    'api',
    'api/clinics.list',
    'api/appointments.checkIn',
    'assets',
    'index.html',
    'favicon.svg',
    'events',
    '..',
    '.',
    '%',
    '%E0%A4%A',
    '%2e%2e',
    '%2f',
    '%5c',
    '%00',
    '%ff',
    '%C0%AF',
    '\\',
    '//',
    '?token=',
    '#',
    ';',
    '*',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }).map((s) => encodeURIComponent(s)),
  fc.stringMatching(/^%[0-9A-Fa-fzZ]{0,2}$/),
);

export const targetArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(pathPiece, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://127.0.0.1/', '//evil/x', '', 'x', '/'.repeat(3000)) },
);

const methodArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z-]{1,12}$/) },
);

const bodyArb = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constant('{"appointmentId":"00000000-0000-4000-8000-000000000001"}'),
  fc.integer({ min: 60, max: 80 }).map((kb) => `"${'x'.repeat(kb * 1024)}"`),
);

export function httpCaseArb(target: { port: number; token: string }): fc.Arbitrary<HttpCase> {
  const host = `127.0.0.1:${target.port}`;
  const headerArb = fc.oneof(
    fc.constantFrom(
      `Host: ${host}`,
      `Host: ${host}`,
      'Host: evil.example',
      `Host: ${host}, evil.example`,
      `Origin: http://${host}`,
      'Origin: http://evil.example',
      'Origin: null',
      `Authorization: Bearer ${target.token}`,
      `Authorization: Bearer ${target.token}`,
      'Authorization: Bearer wrong',
      `Authorization: ${target.token}`,
      'Authorization: Bearer ',
      'Content-Type: application/json',
      'Content-Type: text/plain; charset=utf-16',
      'Transfer-Encoding: chunked',
      'Content-Length: 5',
      'Content-Length: -1',
      'Content-Length: 99999999999999999999',
      'Expect: 100-continue',
      'Expect: nonsense',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Accept-Encoding: gzip',
    ),
    fc
      .tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 40 }))
      .map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}`),
  );
  return fc
    .record({
      method: methodArb,
      target: fc.oneof(
        { weight: 9, arbitrary: targetArb },
        { weight: 1, arbitrary: fc.constant(`/events?token=${target.token}`) },
      ),
      headers: fc.array(headerArb, { maxLength: 8 }),
      body: bodyArb,
      declareLength: fc.boolean(),
    })
    .map(({ method, target: path, headers, body, declareLength }) => {
      const lines = [`${method} ${path} HTTP/1.1`, ...headers];
      if (declareLength && !headers.some((h) => /^(content-length|transfer-encoding):/i.test(h)))
        lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      lines.push('Connection: close');
      return { method, bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`) };
    });
}

/** Bytes that are not HTTP at all, or HTTP cut off and spliced with noise. */
export const garbageArb: fc.Arbitrary<HttpCase> = fc
  .tuple(
    fc.constantFrom('', 'GET / HTTP/1.1\r\n', 'POST /api/x HTTP/1.1\r\nHost: ', 'GET /%', '\r\n\r\n'),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([prefix, noise]) => ({ method: '', bytes: Buffer.concat([Buffer.from(prefix), noise]) }));

/**
 * "Clean": a well-formed status, and every refusal carries a named error the renderer can present.
 * Silence is clean only when nothing but blank lines was sent (HTTP lets a server skip those); an error
 * status without a named error is unclean.
 */
export function isCleanReply(reply: RawReply, sent: HttpCase): boolean {
  const method = sent.method;
  if (reply.status === 0) return sent.bytes.toString('latin1').trim() === '';
  if (reply.status < 100 || reply.status > 599) return false;
  if (reply.status < 400) return true;
  if (method === 'HEAD') return (reply.headers['content-type'] ?? '').startsWith('application/json');
  try {
    const body = JSON.parse(reply.body) as { ok?: unknown; error?: { kind?: unknown; message?: unknown } };
    return (
      body.ok === false &&
      (ERROR_KINDS as readonly unknown[]).includes(body.error?.kind) &&
      typeof body.error?.message === 'string' &&
      body.error.message !== ''
    );
  } catch {
    return false;
  }
}
