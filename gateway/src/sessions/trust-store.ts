import { importVerifyKey, keyIdFor, type KeyHandle, type Keyring } from 'modality-link-protocol';
import type { TrustedWorkstation } from '../config/schema';

export interface TrustedKey {
  keyId: string;
  name: string;
  /** When set, only a hello naming this workstation id may use the key. */
  workstationId: string | undefined;
  key: KeyHandle;
}

/** The enrolled workstation keys from the config, by key id: the Keyring that verifies their frames. */
export class TrustStore implements Keyring {
  private constructor(private readonly byId: ReadonlyMap<string, TrustedKey>) {}

  static async from(entries: TrustedWorkstation[]): Promise<TrustStore> {
    const byId = new Map<string, TrustedKey>();
    for (const entry of entries) {
      const keyId = await keyIdFor(entry.public_key);
      byId.set(keyId, {
        keyId,
        name: entry.name,
        workstationId: entry.id,
        key: await importVerifyKey(entry.public_key),
      });
    }
    return new TrustStore(byId);
  }

  get(keyId: string): KeyHandle | undefined {
    return this.byId.get(keyId)?.key;
  }

  entry(keyId: string): TrustedKey | undefined {
    return this.byId.get(keyId);
  }

  get size(): number {
    return this.byId.size;
  }
}
