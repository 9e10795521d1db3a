import { describe, expect, it } from 'vitest';
import { eventsUrl, readToken } from './connection';

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
