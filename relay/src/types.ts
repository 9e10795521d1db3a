export type RelayRight = 'listen' | 'send' | 'manage';

/** A shared access policy, at namespace level or (with `entity`) on one hybrid connection. */
export interface RelayRule {
  name: string;
  /** The key text as Azure shows it (normally 44 characters of base64); used as-is as the HMAC key. */
  key: string;
  rights: RelayRight[];
  entity?: string;
}

export type RelayLogger = (line: Record<string, unknown>) => void;

export interface RelayOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The namespace name tokens may name in `sr`; default `local.servicebus.windows.net`. */
  namespace?: string;
  entities: string[];
  rules: RelayRule[];
  /** How long a rendezvous address stays valid and a sender waits for it; default 30 000 ms. */
  acceptTimeoutMs?: number;
  /** Listeners allowed per hybrid connection; default 25 as in Azure. */
  maxListenersPerEntity?: number;
  /** PEM text or Buffers, or paths to PEM files. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Receives one structured line per event; never receives keys or tokens. */
  logger?: RelayLogger;
}

export interface RelayCounters {
  /** Open listener control channels. */
  listeners: number;
  /** Senders waiting for a listener to accept or reject. */
  pendingAccepts: number;
  /** Bridged sender/listener pairs with at least one side still open. */
  bridges: number;
  /** TCP sockets the relay holds, whatever their state. */
  sockets: number;
}

export interface ListenerInfo {
  entity: string;
  id: string;
  /** Unix seconds at which the control channel's current token expires. */
  tokenExpiresAt: number;
}

export interface DropOptions {
  entity?: string;
  /** Close code sent to the listener; default 1011. Ignored when `abrupt`. */
  code?: number;
  reason?: string;
  /** Destroy the TCP connection without a close frame. */
  abrupt?: boolean;
}

/** Fault hooks for tests and rehearsals; they act on the running relay only. */
export interface RelayFaults {
  /** Closes control channels (all, or one entity's); returns how many. */
  dropControlChannels(opts?: DropOptions): number;
  /** Treats every current listener token as expired now: channels close with 1008 as Azure does. */
  expireTokensNow(entity?: string): number;
  /** Holds each accept notification back by `ms` before sending it (0 turns this off). */
  delayAccepts(ms: number): void;
  /** Drops the next `count` accept notifications (default: all until reset); senders then time out. */
  swallowAccepts(count?: number): void;
  /** Makes the next sender connect fail with this HTTP status. */
  failNextConnect(status: number, description?: string): void;
  /** Destroys bridged pairs without close frames; returns how many. */
  killBridges(opts?: { entity?: string }): number;
  /** Turns every pending fault off. */
  reset(): void;
}

export interface LocalRelay {
  /** `ws://HOST:PORT` or `wss://HOST:PORT`, reachable from this machine. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly namespace: string;
  readonly secure: boolean;
  addEntity(name: string): void;
  /** Removes a hybrid connection: its listeners and bridges close with 1001, its waiting senders get 404. */
  removeEntity(name: string): void;
  entities(): string[];
  addRule(rule: RelayRule): void;
  /** Removes a rule (tokens signed with it stop working for new handshakes); returns whether it existed. */
  removeRule(name: string, entity?: string): boolean;
  listeners(): ListenerInfo[];
  counters(): RelayCounters;
  /** Bytes held in the relay's own send queues across all bridges; bounded by backpressure. */
  queuedBytes(): number;
  readonly faults: RelayFaults;
  /** Stops listening and closes every connection (control channels and bridges with 1001). */
  stop(): Promise<void>;
  /** Stops, then listens again on the same port with the same entities and rules. */
  restart(): Promise<void>;
}
