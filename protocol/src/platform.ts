/**
 * The WebCrypto and text-encoding globals that every runtime we target has (Node 20, Electron,
 * browsers), typed locally so `src/shared` compiles without DOM or Node type libraries.
 */
export type KeyHandle = { readonly __keyHandle: unique symbol };

interface SubtleLike {
  generateKey(
    alg: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<{ publicKey: KeyHandle; privateKey: KeyHandle }>;
  exportKey(format: 'raw' | 'pkcs8', key: KeyHandle): Promise<ArrayBuffer>;
  importKey(
    format: 'raw' | 'pkcs8',
    data: Uint8Array,
    alg: { name: string },
    extractable: boolean,
    usages: string[],
  ): Promise<KeyHandle>;
  sign(alg: string, key: KeyHandle, data: Uint8Array): Promise<ArrayBuffer>;
  verify(alg: string, key: KeyHandle, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  digest(alg: string, data: Uint8Array): Promise<ArrayBuffer>;
}

interface Globals {
  crypto: { subtle: SubtleLike; randomUUID(): string; getRandomValues(array: Uint8Array): Uint8Array };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
  btoa(text: string): string;
  atob(text: string): string;
}

const g = globalThis as unknown as Globals;

export const subtle = (): SubtleLike => g.crypto.subtle;

/**
 * An Ed25519 signer that answers on the calling thread. WebCrypto's answers through a worker thread and
 * a later turn of the event loop, where a frame waits behind whatever else the process does; a runtime
 * that has a synchronous one installs it (the app's main process for its frames, ADR 0023).
 */
export type SignNow = (privateKey: KeyHandle, data: Uint8Array) => Uint8Array;
let signNow: SignNow | undefined;
export const useSignNow = (sign: SignNow): void => void (signNow = sign);
export const installedSignNow = (): SignNow | undefined => signNow;

/** The same for verifying (the gateway, for the frames it receives). */
export type VerifyNow = (publicKey: KeyHandle, signature: Uint8Array, data: Uint8Array) => boolean;
let verifyNow: VerifyNow | undefined;
export const useVerifyNow = (verify: VerifyNow): void => void (verifyNow = verify);
export const installedVerifyNow = (): VerifyNow | undefined => verifyNow;
export const randomUUID = (): string => g.crypto.randomUUID();
export const randomBytes = (n: number): Uint8Array => g.crypto.getRandomValues(new Uint8Array(n));
export const utf8Encode = (text: string): Uint8Array => new g.TextEncoder().encode(text);
export const utf8ByteLength = (text: string): number => utf8Encode(text).length;

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const b of view) text += String.fromCharCode(b);
  return g.btoa(text);
}

/** Throws on text that is not base64. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(g.atob(text), (c) => c.charCodeAt(0));
}
