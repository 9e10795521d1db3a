import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { handleAccept } from './accept.js';
import { authorize, type AuthResult } from './authorize.js';
import type { Bridge } from './bridge.js';
import { handleConnect } from './connect.js';
import type { ControlChannel } from './control-channel.js';
import { EntityState } from './entity.js';
import { FaultState } from './faults.js';
import { hostOf } from './handshake.js';
import { describe, refuseUpgrade } from './http-status.js';
import { handleListen } from './listen.js';
import { RendezvousTable } from './rendezvous.js';
import { parseHcTarget } from './request-target.js';
import type { Addressed, CoreConfig, RelayContext } from './relay-context.js';
import type { RelayRule } from './types.js';

/**
 * The relay's state and its handshake dispatcher, independent of the HTTP server that feeds it, so a
 * restart keeps entities and rules while connections start from nothing.
 */
export class RelayCore implements RelayContext {
  readonly entities = new Map<string, EntityState>();
  readonly pending = new RendezvousTable();
  readonly bridges = new Set<Bridge>();
  readonly faults = new FaultState();
  /** Subprotocol decided for each handshake before `ws` completes it. */
  readonly protocolFor = new WeakMap<IncomingMessage, string | false>();
  readonly wss: WebSocketServer;

  constructor(
    readonly config: CoreConfig,
    public rules: RelayRule[],
    entities: string[],
  ) {
    for (const name of entities) this.addEntity(name);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      // Never negotiate compression: frames are relayed as the peers wrote them.
      perMessageDeflate: false,
      handleProtocols: (_offered, req) => this.protocolFor.get(req) ?? false,
    });
  }

  log(event: string, fields: Record<string, unknown> = {}): void {
    try {
      this.config.logger({ time: new Date().toISOString(), event, ...fields });
    } catch {
      // A failing logger must not take the relay down.
    }
  }

  addEntity(name: string): void {
    const key = name.toLowerCase();
    if (!this.entities.has(key)) this.entities.set(key, new EntityState(name));
  }

  /** Removes an entity: listeners and bridges close with 1001, waiting senders get 404. */
  removeEntity(name: string): boolean {
    const entity = this.entities.get(name.toLowerCase());
    if (!entity) return false;
    this.closeEverything(
      (e) => e === entity.name,
      404,
      'EndpointNotFound: The Hybrid Connection has been removed.',
      'The Hybrid Connection has been removed.',
    );
    this.entities.delete(name.toLowerCase());
    this.log('entity.removed', { entity: entity.name });
    return true;
  }

  /** Closes every connection: control channels and bridges with 1001, waiting senders with `status`. */
  closeEverything(
    matches: (entity: string) => boolean,
    status: number,
    senderMessage: string,
    closeMessage: string,
  ): void {
    for (const listener of this.listeners()) if (matches(listener.entity)) listener.close(1001, closeMessage);
    for (const key of this.pending.keys((p) => matches(p.entity))) {
      const p = this.pending.take(key);
      if (p) this.refuse(p.socket, status, senderMessage, p.id, p.entity);
    }
    for (const bridge of this.bridges) if (matches(bridge.entity)) bridge.close(1001, closeMessage);
  }

  listeners(): ControlChannel[] {
    return [...this.entities.values()].flatMap((e) => [...e.listeners]);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node removes its own error handler from upgraded sockets; a reset must not crash the process.
    socket.on('error', () => undefined);
    const trackingId = randomUUID();
    try {
      this.dispatch(req, socket, head, trackingId);
    } catch (err) {
      this.log('relay.internal-error', {
        trackingId,
        error: err instanceof Error ? err.message : String(err),
      });
      this.refuse(socket, 500, 'Something went wrong in the local relay.', trackingId);
    }
  }

  refuse(socket: Duplex, status: number, message: string, trackingId: string, entity?: string): void {
    const tracker = `${this.config.namespace}:HybridConnection${entity ? `:${entity}` : ''}`;
    refuseUpgrade(socket, status, describe(message, trackingId, tracker));
  }

  /** Validates a token for an entity as reached through `req` (whose Host is an accepted `sr` host). */
  authorize(
    token: string | undefined,
    addressed: Addressed,
    req: IncomingMessage,
    need: 'listen' | 'send',
  ): AuthResult {
    const hosts = [this.config.namespace, this.config.authority.replace(/:\d+$/, '')];
    const reached = hostOf(req);
    if (reached) hosts.push(reached);
    return authorize(
      {
        token,
        entity: addressed.entity.name,
        resourceSegments: addressed.target.segments,
        hosts,
        need,
        nowSeconds: Math.floor(Date.now() / 1000),
      },
      this.rules,
    );
  }

  /** The `ws(s)://host[:port]` a client reached the relay at, to build addresses it can reach again. */
  originOf(req: IncomingMessage): string {
    const host = req.headers.host;
    let authority = this.config.authority;
    if (host && hostOf(req) !== undefined && /^[^/?#@\s]+$/.test(host)) authority = host;
    return `${this.config.scheme}://${authority}`;
  }

  private dispatch(req: IncomingMessage, socket: Duplex, head: Buffer, trackingId: string): void {
    const parsed = parseHcTarget(req.url);
    if (!parsed.ok) return this.refuse(socket, 404, parsed.message, trackingId);
    const target = parsed.target;
    const action = target.hc.get('sb-hc-action');
    if (action === undefined || action === '') {
      return this.refuse(socket, 400, 'BadRequest: The sb-hc-action query parameter is missing.', trackingId);
    }
    const entity = this.resolve(target.segments);
    if (!entity) {
      return this.refuse(
        socket,
        404,
        'EndpointNotFound: The Hybrid Connection path is not registered.',
        trackingId,
      );
    }
    const addressed = { entity, target };
    switch (action) {
      case 'listen':
        return handleListen(this, addressed, req, socket, head, trackingId);
      case 'connect':
        return handleConnect(this, addressed, req, socket, head, trackingId);
      case 'accept':
        return handleAccept(this, addressed, req, socket, head, trackingId);
      default:
        return this.refuse(socket, 400, `BadRequest: Unrecognized sb-hc-action '${action}'.`, trackingId);
    }
  }

  /** The configured entity whose name is the longest whole-segment prefix of the path (case-insensitive). */
  private resolve(segments: string[]): EntityState | undefined {
    let best: EntityState | undefined;
    let bestLength = 0;
    for (const entity of this.entities.values()) {
      const parts = entity.name.split('/').filter((s) => s.length > 0);
      if (parts.length <= bestLength || parts.length > segments.length) continue;
      if (parts.every((p, i) => p.toLowerCase() === segments[i]?.toLowerCase())) {
        best = entity;
        bestLength = parts.length;
      }
    }
    return best;
  }
}
