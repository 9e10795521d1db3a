import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { AuthResult } from './authorize.js';
import type { Bridge } from './bridge.js';
import type { EntityState } from './entity.js';
import type { FaultState } from './faults.js';
import type { RendezvousTable } from './rendezvous.js';
import type { HcTarget } from './request-target.js';
import type { RelayLogger } from './types.js';

export interface CoreConfig {
  namespace: string;
  scheme: 'ws' | 'wss';
  /** `host:port` the relay is bound to, used when a client's Host header is unusable. */
  authority: string;
  acceptTimeoutMs: number;
  maxListenersPerEntity: number;
  logger: RelayLogger;
}

/** The addressed entity plus what is left of the path after its name. */
export interface Addressed {
  entity: EntityState;
  target: HcTarget;
}

/**
 * What the three handshakes (listen, connect, accept) use of the relay's state. `RelayCore` implements
 * it; the handlers depend on this and not on the core, which dispatches to them.
 */
export interface RelayContext {
  readonly config: CoreConfig;
  readonly pending: RendezvousTable;
  readonly bridges: Set<Bridge>;
  readonly faults: FaultState;
  /** Subprotocol decided for each handshake before `ws` completes it. */
  readonly protocolFor: WeakMap<IncomingMessage, string | false>;
  readonly wss: WebSocketServer;
  log(event: string, fields?: Record<string, unknown>): void;
  refuse(socket: Duplex, status: number, message: string, trackingId: string, entity?: string): void;
  authorize(
    token: string | undefined,
    addressed: Addressed,
    req: IncomingMessage,
    need: 'listen' | 'send',
  ): AuthResult;
  originOf(req: IncomingMessage): string;
}

/**
 * One of the three hybrid-connection handshakes (`listen`, `connect`, `accept`): the upgrade request the
 * core has addressed to an entity, with the socket to answer on. `trackingId` names it in logs and errors.
 */
export type HandshakeHandler = (
  core: RelayContext,
  addressed: Addressed,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  trackingId: string,
) => void;
