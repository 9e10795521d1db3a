import { dirname } from 'node:path';
import type { GatewayConfig } from '../config/load';
import type { Db } from '../db/open';
import type { Destination } from './destination';
import { createDestinations } from './destination-registry';

/**
 * The configured destinations, built by the adapter registry (gateway/src/destinations) on the gateway's
 * own database (the worklist destination writes to it). The core only ever sees the `Destination` seam.
 */
export function buildDestinations(config: GatewayConfig, db: Db): Map<string, Destination> {
  return createDestinations(config.raw.destinations, {
    db,
    baseDir: dirname(config.file),
    ...(config.proxyFor ? { proxyFor: config.proxyFor } : {}),
  });
}
