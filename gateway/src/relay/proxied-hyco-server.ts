import type { Agent } from 'node:http';
import { createRequire } from 'node:module';
import type hyco from 'hyco-ws';

type Create = typeof hyco.createRelayedServer;
type LegacyCtor = new (address: string, protocols?: unknown, options?: Record<string, unknown>) => unknown;

/**
 * hyco-ws's listener opens its websockets (the control channel and every rendezvous) itself, with
 * `new WebSocket(url, protocol, { headers })` on its bundled ws 1.1.5, and has no option to pass an
 * `agent` through. ws 1.1.5 honours an `agent` option, so we load a private copy of hyco-ws's server
 * module whose `require('ws')` returns a constructor adding our agent, and hand its factory to the
 * ListenerSupervisor's existing `create` hook. hyco-ws's own module (used without a proxy) is untouched,
 * and the swap of the require cache lasts only for that one synchronous load.
 *
 * Unbundled only: gateway/build.mjs keeps hyco-ws external, as it must be anyway (hyco-ws reads
 * require.cache for its ws copy).
 */
export function proxiedRelayedServerFactory(agentFor: (url: string) => Agent | undefined): Create {
  const requireHere = createRequire(__filename);
  const serverPath = requireHere.resolve('hyco-ws/lib/HybridConnectionWebSocketServer.js');
  const requireFromServer = createRequire(serverPath);
  const wsPath = requireFromServer.resolve('ws');
  const LegacyWebSocket = requireFromServer('ws') as LegacyCtor & Record<string, unknown>;

  function WebSocketWithAgent(address: string, protocols?: unknown, options?: Record<string, unknown>) {
    const agent = agentFor(address);
    return new LegacyWebSocket(address, protocols, agent ? { ...options, agent } : options);
  }
  // Constants (OPEN, CLOSED...) and helpers hyco-ws might read from the constructor stay available.
  Object.assign(WebSocketWithAgent, LegacyWebSocket);

  const cache = requireHere.cache;
  const wsEntry = cache[wsPath];
  const serverEntry = cache[serverPath];
  if (!wsEntry) throw new Error('hyco-ws ws module not loaded');
  // A copy of ws's module record (it keeps `require`, `filename` and `paths`: hyco-ws calls
  // `wsc.require('./lib/Extensions')` on it) whose exports are our constructor.
  cache[wsPath] = Object.assign(Object.create(Object.getPrototypeOf(wsEntry) as object), wsEntry, {
    exports: WebSocketWithAgent,
  });
  delete cache[serverPath];
  let Server: new (options: hyco.RelayedServerOptions) => hyco.RelayedServer;
  try {
    Server = requireHere(serverPath) as typeof Server;
  } finally {
    cache[wsPath] = wsEntry;
    if (serverEntry) cache[serverPath] = serverEntry;
    else delete cache[serverPath];
  }
  return (options, onConnection) => {
    const server = new Server(options);
    if (onConnection) server.on('connection', onConnection);
    return server;
  };
}
