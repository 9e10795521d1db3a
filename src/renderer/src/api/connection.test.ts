import { describe, expect, it } from 'vitest';
import { checkAccess, eventsUrl, readToken } from './connection';

describe('readToken', () => {
  it('reads the token from the query string', () => {
    expect(readToken('?token=abc123')).toBe('abc123');
    expect(readToken('?a=1&token=x%2By')).toBe('x+y');
  });

  it('treats a missing or empty token as none', () => {
    expect(readToken('')).toBeNull();
    expect(readToken('?token=')).toBeNull();
  });
});

describe('eventsUrl', () => {
  it('opens the WebSocket on the same host with the token', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:4321' }, 'a b')).toBe(
      'ws://127.0.0.1:4321/events?token=a+b',
    );
    expect(eventsUrl({ protocol: 'https:', host: 'example.test' }, null)).toBe('wss://example.test/events');
  });
});

describe('checkAccess', () => {
  const answering = (status: number) => (async () => new Response('{}', { status })) as typeof fetch;

  it('tells a restarted app (token refused) from one that is down', async () => {
    expect(await checkAccess('old', answering(401))).toBe('refused');
    expect(await checkAccess('current', answering(200))).toBe('ok');
    expect(
      await checkAccess('t', (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch),
    ).toBe('unreachable');
  });

  it('asks with the page token as a bearer token', async () => {
    let seen: Headers | undefined;
    await checkAccess('page-token', (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen = new Headers(init?.headers);
      return new Response('{}', { status: 200 });
    }) as typeof fetch);
    expect(seen?.get('authorization')).toBe('Bearer page-token');
  });
});
