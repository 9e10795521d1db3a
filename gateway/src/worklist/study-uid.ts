import { randomUUID } from 'node:crypto';

/**
 * A DICOM UID derived from a random UUID (PS3.5 B.2): `2.25.` followed by the UUID's 128 bits as an
 * unsigned decimal integer without leading zeros. At most 44 characters, within the UI limit of 64,
 * and needs no registered org root.
 */
export function newUuidDerivedUid(uuid: string = randomUUID()): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('not a UUID');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** PS3.5 9.1: dot-separated numeric components, no leading zeros (except a lone 0), ≤ 64 characters. */
export function isValidDicomUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/.test(uid);
}
