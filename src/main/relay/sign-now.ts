import { KeyObject, sign, type webcrypto } from 'node:crypto';
import { useSignNow, type KeyHandle } from 'modality-link-protocol';

const keyObjects = new WeakMap<KeyHandle, KeyObject>();

/**
 * Makes the app's frames signed with node:crypto on the main thread: the same Ed25519 signature
 * (deterministic, byte for byte the WebCrypto one) without the worker-thread round trip, so a claimed
 * frame goes out in the turn it was claimed in (ADR 0023). Idempotent.
 */
export function signFramesOnThisThread(): void {
  useSignNow((privateKey, data) => {
    let key = keyObjects.get(privateKey);
    if (!key) {
      key = KeyObject.from(privateKey as unknown as webcrypto.CryptoKey);
      keyObjects.set(privateKey, key);
    }
    return sign(null, data, key);
  });
}
