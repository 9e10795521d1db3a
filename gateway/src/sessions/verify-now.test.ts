import { describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  importSigningKey,
  importVerifyKey,
  signFrame,
  verifyFrameSignature,
} from 'modality-link-protocol';
import { verifyFramesOnThisThread } from './verify-now';

describe('verifying frames on the main thread', () => {
  it('accepts what WebCrypto accepts and refuses a frame changed after signing', async () => {
    const pair = await generateSigningKeyPair();
    const frame = await signFrame<Record<string, unknown>>(
      { kind: 'actions', frame_id: 'f-1', timestamp: '2026-11-27T08:30:00.000Z', actions: [] },
      await importSigningKey(pair),
    );
    const key = await importVerifyKey(pair.publicKey);
    const tampered = { ...frame, frame_id: 'f-2' };
    const byWebCrypto = [await verifyFrameSignature(frame, key), await verifyFrameSignature(tampered, key)];
    verifyFramesOnThisThread();
    const onThisThread = [await verifyFrameSignature(frame, key), await verifyFrameSignature(tampered, key)];
    expect(byWebCrypto).toEqual([true, false]);
    expect(onThisThread).toEqual(byWebCrypto);
  });
});
