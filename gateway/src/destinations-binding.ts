import type { DestinationEntry } from './config/schema';
import type { Destination } from './destinations/destination';
import type { Logger } from './logger';

/**
 * Builds the configured destinations through the DICOM side's adapter registry (gateway/src/destinations).
 * Kept in one place so the core does not care which adapters exist.
 * TODO(integration): call `createDestinations(entries, deps)` once gateway/src/destinations exports it.
 */
export async function buildDestinations(
  entries: DestinationEntry[],
  _log: Logger,
): Promise<Map<string, Destination>> {
  if (entries.length > 0) throw new Error('destination adapters are not available in this build yet');
  return new Map();
}
