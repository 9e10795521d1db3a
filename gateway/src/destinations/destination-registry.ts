import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { ProxyRule } from 'modality-link-relay';
import { resolvePath, resolveSecret } from '../config/secrets';
import type { DestinationConfig } from './destination-config';
import type { Destination } from './destination';
import { FhirHttpDestination } from './fhir-http-destination';
import { FileDropDestination } from './file-drop-destination';
import { Hl7MllpDestination } from './hl7-mllp-destination';
import { WorklistDestination } from '../compat/poc-five/worklist-destination';

/**
 * Builds the adapters for the configured destinations. The gateway delivers only to names in the
 * returned map: a delivery naming anything else is the core's "not on the allow-list" rejection.
 *
 * The `switch` is exhaustive over `type` with a `never` check, so adding a destination type to the
 * config schema without an adapter here fails to compile instead of failing at a clinic.
 */
interface DestinationDeps {
  /** The gateway's database; the worklist destination writes to it. */
  db: Database.Database;
  /** Folder of the config file: relative `ca_file`, `directory` and `file:` secrets resolve against it. */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  /** The outbound proxy for a URL (config `proxy:` or the environment); FHIR requests go through it. */
  proxyFor?: (target: string) => ProxyRule | undefined;
}

function createDestination(config: DestinationConfig, deps: DestinationDeps): Destination {
  switch (config.type) {
    case 'worklist':
      return new WorklistDestination(config.name, deps.db);
    case 'fhir': {
      const proxy = deps.proxyFor?.(config.base_url);
      return new FhirHttpDestination({
        name: config.name,
        baseUrl: config.base_url,
        timeoutMs: config.timeout_ms,
        ...(config.ca_file ? { ca: readCa(config.name, resolvePath(config.ca_file, deps.baseDir)) } : {}),
        ...(config.bearer_token
          ? { bearerToken: resolveSecret(config.bearer_token, deps.baseDir, deps.env).reveal() }
          : {}),
        ...(proxy ? { proxy } : {}),
      });
    }
    case 'hl7-mllp':
      return new Hl7MllpDestination({
        name: config.name,
        host: config.host,
        port: config.port,
        timeoutMs: config.timeout_ms,
      });
    case 'file':
      return new FileDropDestination({
        name: config.name,
        directory: resolvePath(config.directory, deps.baseDir),
      });
    default: {
      const unhandled: never = config;
      throw new Error(`no adapter for destination type ${(unhandled as { type: string }).type}`);
    }
  }
}

/** Read at start-up so a missing or unreadable CA file stops the gateway with a clear message. */
function readCa(name: string, path: string): string {
  try {
    const pem = readFileSync(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in file');
    return pem;
  } catch (error) {
    throw new Error(`destination "${name}": cannot use ca_file ${path}: ${(error as Error).message}`);
  }
}

export function createDestinations(
  configs: readonly DestinationConfig[],
  deps: DestinationDeps,
): Map<string, Destination> {
  const destinations = new Map<string, Destination>();
  for (const config of configs) {
    if (destinations.has(config.name)) throw new Error(`duplicate destination name "${config.name}"`);
    destinations.set(config.name, createDestination(config, deps));
  }
  return destinations;
}
