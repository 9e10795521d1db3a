import { MAX_IMPORT_CHARACTERS } from '#shared/ipc/clinic-import';
import { MAX_BODY_BYTES } from './read-body';

/**
 * Calls that carry a whole file get a larger body limit than the 64 KB every other call has: a clinic
 * list's text (up to its own limit in characters, at most 3 UTF-8 bytes each) plus room for the JSON
 * around it. The channel's schema then refuses text over the limit with a named error.
 */
const FILE_BODY_BYTES = MAX_IMPORT_CHARACTERS * 3 + MAX_BODY_BYTES;
const LIMITS: Record<string, number> = {
  'clinicImport.preview': FILE_BODY_BYTES,
  'clinicImport.commit': FILE_BODY_BYTES,
};

export function bodyLimitFor(channel: string): number {
  return Object.hasOwn(LIMITS, channel) ? (LIMITS[channel] ?? MAX_BODY_BYTES) : MAX_BODY_BYTES;
}
