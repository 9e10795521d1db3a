import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { normalizeOptions, validateEntity, validateRule, type NormalizedOptions } from './options.js';
import { RelayCore } from './relay-core.js';
import type {
  ListenerInfo,
  LocalRelay,
  RelayCounters,
  RelayFaults,
  RelayOptions,
  RelayRule,
} from './types.js';

/** How long stop() lets peers answer close frames before it destroys what is left. */
const STOP_GRACE_MS = 250;

/** Starts a local Hybrid Connections relay; resolves once it accepts connections. */
export async function startRelay(opts: RelayOptions): Promise<LocalRelay> {
  const relay = new LocalRelayServer(normalizeOptions(opts));
  await relay.listen(relay.port);
  return relay;
}

class LocalRelayServer implements LocalRelay {
  port: number;
  readonly host: string;
  readonly namespace: string;
  readonly secure: boolean;
  readonly faults: RelayFaults;
  private readonly core: RelayCore;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: NormalizedOptions) {
    this.port = options.port;
    this.host = options.host;
    this.namespace = options.namespace;
    this.secure = options.tls !== undefined;
    this.core = new RelayCore(
      {
        namespace: options.namespace,
        scheme: this.secure ? 'wss' : 'ws',
        authority: `${urlHost(options.host)}:${options.port}`,
        acceptTimeoutMs: options.acceptTimeoutMs,
        maxListenersPerEntity: options.maxListenersPerEntity,
        logger: options.logger,
      },
      options.rules,
      options.entities,
    );
    this.faults = this.makeFaults();
  }

  get url(): string {
    return `${this.secure ? 'wss' : 'ws'}://${urlHost(this.host)}:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    const tls = this.options.tls;
    const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req, socket, head: Buffer) => this.core.handleUpgrade(req, socket, head));
    server.on('request', (_req, res) => {
      // Hybrid Connections' HTTP request mode is not implemented; say so rather than hang.
      res.writeHead(501, 'Not Implemented', {
        'Content-Type': 'text/plain; charset=utf-8',
        Connection: 'close',
      });
      res.end('The local relay only relays WebSocket connections (/$hc/{path}?sb-hc-action=...).\n');
    });
    server.on('tlsClientError', (err: Error) => this.core.log('relay.tls-error', { error: err.message }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.core.log('relay.error', { error: err.message }));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.core.config.authority = `${urlHost(this.host)}:${this.port}`;
    this.core.log('relay.listening', { url: this.url, namespace: this.namespace });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.core.closeEverything(
      () => true,
      503,
      'ServiceUnavailable: The relay is stopping.',
      'The relay is stopping.',
    );
    const deadline = Date.now() + STOP_GRACE_MS;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.core.log('relay.stopped', { url: this.url });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this.port);
  }

  addEntity(name: string): void {
    validateEntity(name);
    this.core.addEntity(name);
    this.core.log('entity.added', { entity: name });
  }

  removeEntity(name: string): void {
    this.core.removeEntity(name);
  }

  entities(): string[] {
    return [...this.core.entities.values()].map((e) => e.name);
  }

  addRule(rule: RelayRule): void {
    validateRule(rule);
    this.core.rules = [...this.core.rules, { ...rule, rights: [...rule.rights] }];
  }

  removeRule(name: string, entity?: string): boolean {
    const keep = this.core.rules.filter(
      (r) => !(r.name === name && r.entity?.toLowerCase() === entity?.toLowerCase()),
    );
    const removed = keep.length !== this.core.rules.length;
    this.core.rules = keep;
    return removed;
  }

  listeners(): ListenerInfo[] {
    return this.core
      .listeners()
      .map((l) => ({ entity: l.entity, id: l.id, tokenExpiresAt: l.tokenExpiresAt }));
  }

  counters(): RelayCounters {
    return {
      listeners: this.core.listeners().length,
      pendingAccepts: this.core.pending.size,
      bridges: this.core.bridges.size,
      sockets: this.sockets.size,
    };
  }

  queuedBytes(): number {
    let total = 0;
    for (const bridge of this.core.bridges) total += bridge.queuedBytes;
    return total;
  }

  private makeFaults(): RelayFaults {
    const core = this.core;
    const forEntity = (entity: string | undefined) => (name: string) =>
      entity === undefined || name.toLowerCase() === entity.toLowerCase();
    return {
      dropControlChannels: (opts = {}) => {
        const hit = core.listeners().filter((l) => l.open && forEntity(opts.entity)(l.entity));
        for (const l of hit) {
          if (opts.abrupt) l.terminate();
          else l.close(opts.code ?? 1011, opts.reason ?? 'Control channel dropped (fault hook).');
        }
        core.log('fault.control-channels-dropped', {
          count: hit.length,
          code: opts.abrupt ? 'abrupt' : (opts.code ?? 1011),
        });
        return hit.length;
      },
      expireTokensNow: (entity) => {
        const hit = core.listeners().filter((l) => l.open && forEntity(entity)(l.entity));
        for (const l of hit) l.expireNow();
        return hit.length;
      },
      delayAccepts: (ms) => core.faults.delayAccepts(ms),
      swallowAccepts: (count) => core.faults.swallowAccepts(count),
      failNextConnect: (status, description) => core.faults.failNextConnect(status, description),
      killBridges: (opts = {}) => {
        const hit = [...core.bridges].filter((b) => forEntity(opts.entity)(b.entity));
        for (const b of hit) b.kill();
        core.log('fault.bridges-killed', { count: hit.length });
        return hit.length;
      },
      reset: () => core.faults.reset(),
    };
  }
}

/** The host to put in a URL: wildcard binds are reached on loopback, IPv6 literals go in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
