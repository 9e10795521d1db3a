import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decodeSessionFrame,
  formatFingerprint,
  generateSigningKeyPair,
  importSigningKey,
  importVerifyKey,
  MAX_FRAME_BYTES,
  signFrame,
  verifySessionFrame,
  type ActionsFrame,
  type KeyHandle,
} from '.';

const NOW = new Date('2026-11-27T09:00:00.000Z');

async function keys() {
  const pair = await generateSigningKeyPair();
  const signing = await importSigningKey(pair);
  const verify = await importVerifyKey(pair.publicKey);
  const keyring = { get: (id: string): KeyHandle | undefined => (id === pair.keyId ? verify : undefined) };
  return { pair, signing, keyring };
}

function actionsFrame(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'actions' as const,
    frame_id: 'frame-1',
    timestamp: NOW.toISOString(),
    actions: [
      {
        schema_version: 1,
        action_id: 'a1',
        action_type: 'echo' as const,
        timestamp: NOW.toISOString(),
        source_system: 'modality-link',
        parameters: { payload: { hello: 'world' } },
      },
    ],
    ...overrides,
  };
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, '\u20ac': 0, '\r': 1 })).toBe(
      '{"\\r":1,"a":{"d":[3,{"y":2,"z":1}]},"b":1,"€":0}',
    );
  });

  it('serialises numbers as ECMAScript does (the RFC 8785 rule)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.1,333333333.3333333]',
    );
    expect(() => canonicalJson(Number.NaN)).toThrow(/cannot be represented/);
  });

  it('gives the same text for the same data in any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });
});

describe('signed frames', () => {
  it('signs and verifies a frame, and shows a readable fingerprint', async () => {
    const { pair, signing, keyring } = await keys();
    const signed = await signFrame<ActionsFrame>(actionsFrame(), signing);
    const decoded = decodeSessionFrame(JSON.stringify(signed));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(await verifySessionFrame(decoded.value, decoded.raw, keyring, NOW)).toEqual({ ok: true });
    expect(formatFingerprint(pair.keyId)).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
  });

  it('rejects a frame changed after signing', async () => {
    const { signing, keyring } = await keys();
    const signed = await signFrame<ActionsFrame>(actionsFrame(), signing);
    const tampered = JSON.parse(JSON.stringify(signed));
    tampered.actions[0].parameters.payload.hello = 'mallory';
    const decoded = decodeSessionFrame(JSON.stringify(tampered));
    if (!decoded.ok) throw new Error(decoded.message);
    expect(await verifySessionFrame(decoded.value, decoded.raw, keyring, NOW)).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
  });

  it('keeps and signs unknown fields, so a newer peer can add them without breaking signatures', async () => {
    const { signing, keyring } = await keys();
    const signed = await signFrame<ActionsFrame>(actionsFrame({ future_field: { x: 1 } }), signing);
    const decoded = decodeSessionFrame(JSON.stringify(signed));
    if (!decoded.ok) throw new Error(decoded.message);
    expect(await verifySessionFrame(decoded.value, decoded.raw, keyring, NOW)).toEqual({ ok: true });
    const stripped = JSON.parse(JSON.stringify(signed));
    delete stripped.future_field;
    const again = decodeSessionFrame(JSON.stringify(stripped));
    if (!again.ok) throw new Error(again.message);
    expect(await verifySessionFrame(again.value, again.raw, keyring, NOW)).toMatchObject({
      ok: false,
      code: 'bad_signature',
    });
  });

  it('rejects an unknown key and a timestamp outside ±5 minutes', async () => {
    const { signing, keyring } = await keys();
    const other = await keys();
    const foreign = await signFrame<ActionsFrame>(actionsFrame(), other.signing);
    const d1 = decodeSessionFrame(JSON.stringify(foreign));
    if (!d1.ok) throw new Error(d1.message);
    expect(await verifySessionFrame(d1.value, d1.raw, keyring, NOW)).toMatchObject({
      ok: false,
      code: 'unknown_key',
    });

    const old = await signFrame<ActionsFrame>(
      actionsFrame({ timestamp: '2026-11-27T08:54:59.000Z' }),
      signing,
    );
    const d2 = decodeSessionFrame(JSON.stringify(old));
    if (!d2.ok) throw new Error(d2.message);
    expect(await verifySessionFrame(d2.value, d2.raw, keyring, NOW)).toMatchObject({
      ok: false,
      code: 'stale',
    });
    const fresh = await signFrame<ActionsFrame>(
      actionsFrame({ timestamp: '2026-11-27T08:55:01.000Z' }),
      signing,
    );
    const d3 = decodeSessionFrame(JSON.stringify(fresh));
    if (!d3.ok) throw new Error(d3.message);
    expect(await verifySessionFrame(d3.value, d3.raw, keyring, NOW)).toEqual({ ok: true });
  });
});

describe('decoding', () => {
  it('refuses an unknown schema version by name', () => {
    const frame = actionsFrame();
    frame.actions[0]!.schema_version = 2;
    expect(decodeSessionFrame(JSON.stringify({ ...frame, key_id: 'a'.repeat(32), sig: 'x' }))).toMatchObject({
      ok: false,
      code: 'unsupported_version',
      message: 'Action schema_version 2 is not supported (this side speaks 1).',
      ref: 'a1',
    });
  });

  it('names the field that is wrong', () => {
    const result = decodeSessionFrame(JSON.stringify({ kind: 'event_acks', event_ids: [] }));
    expect(result).toMatchObject({ ok: false, code: 'bad_frame' });
    if (!result.ok) expect(result.message).toContain('event_ids');
  });

  it('bounds the frame size', () => {
    expect(decodeSessionFrame(' '.repeat(MAX_FRAME_BYTES + 1))).toMatchObject({
      ok: false,
      code: 'frame_too_large',
    });
  });

  it('bounds the frame size in bytes, not characters: three-byte characters count three times', () => {
    const euros = Math.floor(MAX_FRAME_BYTES / 3); // '€' is 3 bytes in UTF-8, one UTF-16 unit
    const frame = (fill: number) => JSON.stringify({ kind: 'event_acks', event_ids: ['€'.repeat(fill)] });
    expect(frame(euros).length).toBeLessThan(MAX_FRAME_BYTES);
    expect(decodeSessionFrame(frame(euros))).toMatchObject({ ok: false, code: 'frame_too_large' });
    // Just under the limit in bytes: decoded (and refused for what it says, not for its size).
    expect(decodeSessionFrame(frame(euros - 20))).toMatchObject({ ok: false, code: 'bad_frame' });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ kind: 'actions', actions: [v] })),
        ),
        (text) => {
          const result = decodeSessionFrame(text);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not throw on a kind that cannot be turned into text (found by bench/fuzz)', () => {
    expect(decodeSessionFrame('{"kind":{"toString":0,"valueOf":0}}')).toMatchObject({
      ok: false,
      code: 'bad_frame',
      message: expect.stringMatching(/^Invalid frame: kind: /),
    });
  });
});
