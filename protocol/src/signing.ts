import { canonicalJson } from './canonical-json';
import {
  fromBase64,
  installedSignNow,
  installedVerifyNow,
  subtle,
  toBase64,
  utf8Encode,
  type KeyHandle,
} from './platform';

/**
 * Ed25519 signatures over the canonical JSON of a frame (without its `sig` field), through WebCrypto so
 * the same code runs in the app's main process, the gateway and any browser-based tool.
 */
const ED25519 = { name: 'Ed25519' } as const;

export interface ExportedKeyPair {
  /** Raw 32-byte public key, base64. Safe to show, copy and enrol. */
  publicKey: string;
  /** PKCS#8 private key, base64. A secret: stored encrypted, never logged or sent to the renderer. */
  privateKey: string;
  keyId: string;
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyHandle;
}

/** A key's id: the first 16 bytes of SHA-256 over the raw public key, hex. Short enough to read aloud in groups. */
export async function keyIdFor(publicKeyBase64: string): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', fromBase64(publicKeyBase64)));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `a1b2 c3d4 …`: how the fingerprint is shown for enrolment, so people can compare it by eye. */
export function formatFingerprint(keyId: string): string {
  return (
    keyId
      .toUpperCase()
      .match(/.{1,4}/g)
      ?.join(' ') ?? keyId
  );
}

export async function generateSigningKeyPair(): Promise<ExportedKeyPair> {
  const pair = (await subtle().generateKey(ED25519, true, ['sign', 'verify'])) as {
    publicKey: KeyHandle;
    privateKey: KeyHandle;
  };
  const publicKey = toBase64(await subtle().exportKey('raw', pair.publicKey));
  const privateKey = toBase64(await subtle().exportKey('pkcs8', pair.privateKey));
  return { publicKey, privateKey, keyId: await keyIdFor(publicKey) };
}

export async function importSigningKey(
  pair: Pick<ExportedKeyPair, 'privateKey' | 'keyId'>,
): Promise<SigningKey> {
  const privateKey = await subtle().importKey('pkcs8', fromBase64(pair.privateKey), ED25519, false, ['sign']);
  return { keyId: pair.keyId, privateKey };
}

export async function importVerifyKey(publicKeyBase64: string): Promise<KeyHandle> {
  const raw = fromBase64(publicKeyBase64);
  if (raw.length !== 32) throw new Error(`An Ed25519 public key is 32 bytes; this one is ${raw.length}.`);
  return subtle().importKey('raw', raw, ED25519, false, ['verify']);
}

type Unsigned<T> = Omit<T, 'sig'>;

/** Returns the frame with `key_id` and `sig` set. The signature covers every other field, `key_id` included. */
export async function signFrame<T extends object>(
  frame: Unsigned<T> & { key_id?: string },
  key: SigningKey,
): Promise<T> {
  const body = { ...frame, key_id: key.keyId } as Record<string, unknown>;
  delete body.sig;
  const data = utf8Encode(canonicalJson(body));
  const signNow = installedSignNow();
  const sig = signNow ? signNow(key.privateKey, data) : await subtle().sign('Ed25519', key.privateKey, data);
  return { ...body, sig: toBase64(sig) } as T;
}

/** Checks `sig` over the raw frame as received (unknown fields included: they are signed too). */
export async function verifyFrameSignature(
  frame: Record<string, unknown>,
  publicKey: KeyHandle,
): Promise<boolean> {
  const { sig, ...body } = frame;
  if (typeof sig !== 'string') return false;
  let signature: Uint8Array;
  try {
    signature = fromBase64(sig);
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  const data = utf8Encode(canonicalJson(body));
  const verifyNow = installedVerifyNow();
  return verifyNow
    ? verifyNow(publicKey, signature, data)
    : subtle().verify('Ed25519', publicKey, signature, data);
}
