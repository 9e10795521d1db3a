import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import hyco from 'hyco-ws';
import { describe, expect, it } from 'vitest';
import { authorize, audienceCovers } from '../src/authorize.js';
import { createSasToken, parseSasToken } from '../src/index.js';
import { signatureMatches } from '../src/sas.js';
import type { RelayRule } from '../src/types.js';

const KEY = 'q2Vn0mN1z0tC8Qm4xkqv4m0m3VZ1+M2Fh6d8y7bQ9/4=';
const rules: RelayRule[] = [
  { name: 'root', key: KEY, rights: ['manage'] },
  { name: 'sender', key: 'send-key', rights: ['send'] },
  { name: 'gw', key: 'gw-key', rights: ['listen'], entity: 'gateway' },
];
const now = Math.floor(Date.now() / 1000);
const request = (token: string | undefined, over: Partial<Parameters<typeof authorize>[0]> = {}) =>
  authorize(
    {
      token,
      entity: 'gateway',
      resourceSegments: ['gateway'],
      hosts: ['ns.servicebus.windows.net', '127.0.0.1'],
      need: 'listen',
      nowSeconds: now,
      ...over,
    },
    rules,
  );

/** A token signed over `srRaw` exactly as given, for encodings createSasToken would not produce. */
function rawToken(srRaw: string, keyName: string, key: string, se: number): string {
  const sig = createHmac('sha256', key).update(`${srRaw}\n${se}`).digest('base64');
  return `SharedAccessSignature sr=${srRaw}&sig=${encodeURIComponent(sig)}&se=${se}&skn=${keyName}`;
}

describe('SAS tokens', () => {
  it('round-trips any resource, key name and key', () => {
    fc.assert(
      fc.property(
        fc.webUrl(),
        fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
        fc.string({ minLength: 1 }),
        (uri, name, key) => {
          const parsed = parseSasToken(createSasToken(uri, name, key, 60));
          expect(parsed).toBeDefined();
          expect(parsed?.resource).toBe(uri);
          expect(parsed?.keyName).toBe(name);
          expect(signatureMatches(parsed!, key)).toBe(true);
          expect(signatureMatches(parsed!, `${key}x`)).toBe(false);
        },
      ),
    );
  });

  it('verifies tokens made by hyco-ws createRelayToken, in the header fields order it uses', () => {
    const token = hyco.createRelayToken(
      'wss://127.0.0.1:4443/$hc/gateway?sb-hc-action=listen',
      'root',
      KEY,
      60,
    );
    expect(request(token)).toMatchObject({ ok: true, keyName: 'root' });
  });

  it('verifies against sr as sent, whatever the encoder (lowercase %3a%2f)', () => {
    const sr = 'http%3a%2f%2fns.servicebus.windows.net%2fgateway';
    expect(request(rawToken(sr, 'root', KEY, now + 60))).toMatchObject({ ok: true });
  });

  it('accepts fields in any order', () => {
    const t = parseSasToken(createSasToken('http://ns.servicebus.windows.net/gateway', 'root', KEY, 60))!;
    const shuffled = `SharedAccessSignature skn=root&se=${t.seRaw}&sig=${encodeURIComponent(t.signature)}&sr=${t.srRaw}`;
    expect(request(shuffled)).toMatchObject({ ok: true });
  });

  it('rejects malformed tokens without throwing', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(request(`SharedAccessSignature ${text}`).ok).toBe(false);
      }),
    );
    for (const bad of [
      '',
      'Bearer abc',
      'SharedAccessSignature ',
      'SharedAccessSignature sr=x&sig=y&se=abc&skn=root',
      'SharedAccessSignature sr=%E0%A4%A&sig=y&se=1&skn=root',
      'SharedAccessSignature sr=a&sr=b&sig=y&se=1&skn=root',
    ]) {
      expect(request(bad)).toMatchObject({ ok: false, status: 401 });
    }
    expect(request(undefined)).toMatchObject({ ok: false, status: 401 });
  });

  it('gives 401 for an unknown rule, a bad signature or an expired token', () => {
    const uri = 'http://ns.servicebus.windows.net/gateway';
    expect(request(createSasToken(uri, 'nobody', KEY, 60))).toMatchObject({ status: 401 });
    expect(request(createSasToken(uri, 'root', 'wrong', 60))).toMatchObject({ status: 401 });
    expect(request(rawToken(encodeURIComponent(uri), 'root', KEY, now - 1))).toMatchObject({
      status: 401,
      message: expect.stringMatching(/Expired/),
    });
  });

  it('gives 401 for an entity-level rule used on another entity', () => {
    const token = createSasToken('http://ns.servicebus.windows.net/', 'gw', 'gw-key', 60);
    expect(request(token)).toMatchObject({ ok: true });
    expect(request(token, { entity: 'other', resourceSegments: ['other'] })).toMatchObject({ status: 401 });
  });

  it('gives 403 when the token lacks the right; manage implies listen and send', () => {
    const send = createSasToken('http://ns.servicebus.windows.net/', 'sender', 'send-key', 60);
    expect(request(send, { need: 'listen' })).toMatchObject({ status: 403 });
    expect(request(send, { need: 'send' })).toMatchObject({ ok: true });
    const root = createSasToken('http://ns.servicebus.windows.net/', 'root', KEY, 60);
    expect(request(root, { need: 'send' })).toMatchObject({ ok: true });
  });

  it('scopes by host (namespace or reached address, ports ignored) and by whole path segments', () => {
    const req = {
      hosts: ['ns.servicebus.windows.net', '127.0.0.1'],
      resourceSegments: ['gateway', 'site-a'],
    };
    expect(audienceCovers('http://ns.servicebus.windows.net/', req)).toBe(true);
    expect(audienceCovers('sb://NS.servicebus.windows.net:5671/Gateway/', req)).toBe(true);
    expect(audienceCovers('http://127.0.0.1:9999/gateway', req)).toBe(true);
    expect(audienceCovers('http://127.0.0.1/gateway/site-a', req)).toBe(true);
    expect(audienceCovers('http://127.0.0.1/gateway/site-b', req)).toBe(false);
    expect(audienceCovers('http://127.0.0.1/gate', req)).toBe(false);
    expect(audienceCovers('http://127.0.0.1/$hc/gateway', req)).toBe(false);
    expect(audienceCovers('http://other.servicebus.windows.net/gateway', req)).toBe(false);
    expect(audienceCovers('not a url', req)).toBe(false);
    const token = createSasToken('http://other.servicebus.windows.net/gateway', 'root', KEY, 60);
    expect(request(token)).toMatchObject({ status: 403 });
  });
});
