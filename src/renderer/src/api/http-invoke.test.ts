import { describe, expect, it } from 'vitest';
import { createHttpInvoke } from './http-invoke';
import { UNREACHABLE_MESSAGE, isIpcResult } from './ipc-result';

function fakeFetch(
  status: number,
  body: string,
  calls: Array<{ url: string; init: RequestInit | undefined }> = [],
) {
  return (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status });
  }) as unknown as typeof fetch;
}

describe('createHttpInvoke', () => {
  it('posts the input as JSON with the bearer token', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const invoke = createHttpInvoke({
      token: 't0k',
      fetch: fakeFetch(200, '{"ok":true,"value":[1]}', calls),
    });
    expect(await invoke('clinics.list', {})).toEqual({ ok: true, value: [1] });
    expect(calls[0]?.url).toBe('/api/clinics.list');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{}');
    expect((calls[0]?.init?.headers as Record<string, string>).Authorization).toBe('Bearer t0k');
  });

  it('passes an error result through from a 4xx answer', async () => {
    const body = '{"ok":false,"error":{"kind":"invalid_transition","message":"Already sent"}}';
    const invoke = createHttpInvoke({ token: 't', fetch: fakeFetch(409, body) });
    expect(await invoke('appointments.sendToModality', { appointmentId: 'a' })).toEqual({
      ok: false,
      error: { kind: 'invalid_transition', message: 'Already sent' },
    });
  });

  it('turns a body that is not a result into an internal error', async () => {
    const invoke = createHttpInvoke({ token: 't', fetch: fakeFetch(502, '<html>Bad gateway</html>') });
    const result = await invoke('clinics.list', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('internal');
  });

  it('says the host is unreachable when fetch rejects', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const result = await createHttpInvoke({ token: 't', fetch: failing })('clinics.list', {});
    expect(result).toEqual({ ok: false, error: { kind: 'internal', message: UNREACHABLE_MESSAGE } });
  });
});

describe('isIpcResult', () => {
  it('accepts only the result shape with a known error kind', () => {
    expect(isIpcResult({ ok: true, value: null })).toBe(true);
    expect(isIpcResult({ ok: false, error: { kind: 'conflict', message: 'x' } })).toBe(true);
    expect(isIpcResult({ ok: false, error: { kind: 'teapot', message: 'x' } })).toBe(false);
    expect(isIpcResult({ ok: true })).toBe(false);
    expect(isIpcResult('ok')).toBe(false);
  });
});
