import { describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  importSigningKey,
  importVerifyKey,
  signFrame,
  verifyFrameSignature,
} from 'modality-link-protocol';
import { signFramesOnThisThread } from './sign-now';

describe('signing frames on the main thread', () => {
  it('gives the very signature WebCrypto gives, which verifies', async () => {
    const pair = await generateSigningKeyPair();
    const key = await importSigningKey(pair);
    const frame = { kind: 'actions', frame_id: 'f-1', timestamp: '2026-11-27T08:30:00.000Z', actions: [] };
    const byWebCrypto = await signFrame<Record<string, unknown>>(frame, key);
    signFramesOnThisThread();
    const onThisThread = await signFrame<Record<string, unknown>>(frame, key);
    expect(onThisThread).toEqual(byWebCrypto);
    expect(await verifyFrameSignature(onThisThread, await importVerifyKey(pair.publicKey))).toBe(true);
  });
});
