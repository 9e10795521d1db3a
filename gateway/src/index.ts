/** The gateway's programmatic surface (the CLI in cli.ts is the usual way in). */
export {
  startGateway,
  type GatewayDeps,
  type RunningGateway,
  type StorageServer,
  type WorklistServer,
} from './gateway';
export { ConfigError, loadConfig, readRawConfig, relayBaseFor, type GatewayConfig } from './config/load';
export { configSchema, type RawConfig } from './config/schema';
export { Secret } from './config/secrets';
export type { WorklistPort } from './inbox/worklist-port';
export { worklistStore } from './worklist/binding';
export { startWorklistScp } from './worklist/mwl-scp';
export { startStorageScp } from './storage/storage-scp';
export { CodecDecoder } from './thumbnail/codec-decoder';
export { ModalityEvents } from './return-path/modality-events';
export { DEFAULT_PROFILE, routeOf } from './relay/connection-router';
export { WATCHDOG_PROFILE } from './relay/watchdog';
export { collectHealth } from './health';
export { createLogger } from './logger';
export { GATEWAY_VERSION } from './version';
