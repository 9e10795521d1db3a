import { KeyObject, verify, type webcrypto } from 'node:crypto';
import { useVerifyNow, type KeyHandle } from 'modality-link-protocol';

const keyObjects = new WeakMap<KeyHandle, KeyObject>();

/**
 * Makes the gateway verify frame signatures with node:crypto on the main thread: the same Ed25519
 * check, without WebCrypto's worker-thread round trip, which on a busy machine is two waits for a CPU
 * before an actions frame can join a commit (ADR 0023). Idempotent.
 */
export function verifyFramesOnThisThread(): void {
  useVerifyNow((publicKey, signature, data) => {
    let key = keyObjects.get(publicKey);
    if (!key) {
      key = KeyObject.from(publicKey as unknown as webcrypto.CryptoKey);
      keyObjects.set(publicKey, key);
    }
    return verify(null, data, key, signature);
  });
}
