/**
 * modality-link-relay: a local Azure Relay Hybrid Connections relay (the default relay without an Azure
 * namespace, the relay every test uses), plus the SAS and URL helpers that the app and the gateway share
 * with it so that Azure and the local relay go through one code path.
 */
export { startRelay } from './relay-server.js';
export { createSasToken, parseSasToken } from './sas.js';
export type { ParsedSasToken } from './sas.js';
export { buildConnectUrl, buildListenUrl, parseRelayBase, resourceUriFor, withToken } from './urls.js';
export type { ConnectUrlOptions, RelayBase } from './urls.js';
export { DEFAULT_NAMESPACE, isAzureShapedKey } from './options.js';
export type {
  DropOptions,
  ListenerInfo,
  LocalRelay,
  RelayCounters,
  RelayFaults,
  RelayLogger,
  RelayOptions,
  RelayRight,
  RelayRule,
} from './types.js';
export { agentForTarget, openTunnel, proxyAgent, ProxyError } from './proxy-agent.js';
export type { ProxyAgentOptions } from './proxy-agent.js';
export {
  bypassesProxy,
  describeProxy,
  parseProxyUrl,
  ProxyConfigError,
  proxyForTarget,
} from './proxy-config.js';
export type { ExplicitProxy, ProxyRule } from './proxy-config.js';
export { describeParseError, parseCommandLine, usageErrorText, UsageError } from './cli-kit.js';
export type { CommandLine, OptionSpec, OptionValues } from './cli-kit.js';
