import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConnectUrl, buildListenUrl, parseRelayBase, resourceUriFor, withToken } from '../src/index.js';
import { parseHcTarget } from '../src/request-target.js';

describe('relay URLs', () => {
  it('builds listen and connect URLs without tokens, omitting default ports', () => {
    expect(buildListenUrl({ scheme: 'wss', host: 'ns.servicebus.windows.net', port: 443 }, 'gateway')).toBe(
      'wss://ns.servicebus.windows.net/$hc/gateway?sb-hc-action=listen',
    );
    expect(buildListenUrl({ scheme: 'ws', host: '127.0.0.1', port: 9000 }, 'gateway', 'gw 1')).toBe(
      'ws://127.0.0.1:9000/$hc/gateway?sb-hc-action=listen&sb-hc-id=gw%201',
    );
    expect(
      buildConnectUrl({ scheme: 'ws', host: '::1', port: 9000 }, 'gateway', {
        suffix: '/site-a',
        query: { a: 'x&y' },
        id: 'c1',
      }),
    ).toBe('ws://[::1]:9000/$hc/gateway/site-a?a=x%26y&sb-hc-action=connect&sb-hc-id=c1');
  });

  it('parses bases and forms resource URIs the way Azure SDKs sign them', () => {
    expect(parseRelayBase('wss://ns.servicebus.windows.net')).toEqual({
      scheme: 'wss',
      host: 'ns.servicebus.windows.net',
    });
    expect(parseRelayBase('http://[::1]:81/')).toEqual({ scheme: 'ws', host: '::1', port: 81 });
    expect(parseRelayBase('sb://ns.servicebus.windows.net/')).toEqual({
      scheme: 'wss',
      host: 'ns.servicebus.windows.net',
    });
    expect(() => parseRelayBase('ftp://x')).toThrow();
    expect(resourceUriFor({ host: 'ns.servicebus.windows.net' }, 'gateway')).toBe(
      'http://ns.servicebus.windows.net/gateway',
    );
    expect(resourceUriFor({ host: '127.0.0.1' })).toBe('http://127.0.0.1/');
    expect(withToken('ws://h/$hc/e?sb-hc-action=listen', 'SharedAccessSignature sr=a&sig=b')).toBe(
      'ws://h/$hc/e?sb-hc-action=listen&sb-hc-token=SharedAccessSignature%20sr%3Da%26sig%3Db',
    );
  });

  it('round-trips entity, suffix and application query through the relay parser', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
    fc.assert(
      fc.property(
        segment,
        fc.array(segment, { maxLength: 3 }),
        fc.dictionary(segment, fc.string()),
        (entity, suffix, query) => {
          const url = buildConnectUrl({ scheme: 'ws', host: 'h', port: 1 }, entity, {
            suffix: suffix.join('/'),
            query,
            id: 'i',
          });
          const parsed = parseHcTarget(url.slice('ws://h:1'.length));
          if (!parsed.ok) throw new Error(parsed.message);
          expect(parsed.target.segments).toEqual([entity, ...suffix]);
          expect(parsed.target.hc.get('sb-hc-action')).toBe('connect');
          expect(parsed.target.hc.get('sb-hc-id')).toBe('i');
          const carried = Object.fromEntries(new URLSearchParams(parsed.target.appQuery.join('&')));
          expect(carried).toEqual(query);
        },
      ),
    );
  });
});
