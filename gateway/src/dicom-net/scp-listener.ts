import net from 'node:net';
import type { Logger } from 'pino';
import { errorName } from '../mpps/mpps-dimse';
import { dimse } from '../worklist/dimse';
import { PduGuard, type CloseReason } from './pdu-guard';

/**
 * Hosts a dcmjs-dimse `Scp` class on our own `net.Server`, one instance per connection. Our own server
 * because dcmjs-dimse's `Server` can only listen on every interface and cannot report the port it bound:
 * binding to one address (the hospital-facing NIC, or 127.0.0.1 in tests) is a security requirement, and
 * port 0 keeps tests free of port clashes.
 *
 * Admission happens in two places, because DICOM can only refuse politely once it has a request to
 * answer. Here, at the socket: a peer address holding `maxConnectionsPerPeer` sockets gets no more, and
 * when `maxPendingConnections` sockets are still waiting for their A-ASSOCIATE-RQ the oldest is dropped
 * to make room, so idle sockets can neither lock modalities out nor pile up (the PDU guard's ARTIM timer
 * closes them anyway). In the association gate: beyond `maxAssociations`, A-ASSOCIATE-RJ
 * (rejected-transient, local-limit-exceeded), which a modality logs and retries.
 */
export interface ScpServer {
  port: number;
  close(): Promise<void>;
}

export interface ConnectionPolicy {
  maxAssociations: number;
  maxConnectionsPerPeer: number;
  maxPendingConnections: number;
  /** ARTIM: time from connecting to a complete A-ASSOCIATE-RQ. */
  requestTimeoutMs: number;
  /** An association silent in both directions this long is aborted. */
  idleTimeoutMs: number;
}

export const DEFAULT_POLICY: ConnectionPolicy = {
  maxAssociations: 16,
  maxConnectionsPerPeer: 8,
  maxPendingConnections: 16,
  requestTimeoutMs: 5000,
  idleTimeoutMs: 60_000,
};

/** An A-ASSOCIATE-RQ proposing 128 contexts with a few syntaxes each fits easily. */
const MAX_REQUEST_BYTES = 64 * 1024;

/** What an `Scp` connection gets instead of a socket: the guarded stream and the association count. */
export interface ScpLink {
  guard: PduGuard;
  /** Counts this connection as an association; false when the SCP already holds its maximum. */
  claimAssociation(): boolean;
}

type ScpClass = new (link: ScpLink) => InstanceType<typeof dimse.Scp>;

export async function listenScp(
  ScpClass: ScpClass,
  options: {
    host: string;
    port: number;
    policy: ConnectionPolicy;
    log: Logger;
    name: string;
    aeTitle: string;
  },
): Promise<ScpServer> {
  const { log, name, policy } = options;
  const sockets = new Set<net.Socket>();
  const perPeer = new Map<string, number>();
  /** Insertion order is age: the first is the oldest. */
  const pending = new Set<PduGuard>();
  let associations = 0;
  // What we announce in A-ASSOCIATE-AC (dcmjs-dimse never announces more), so the most a peer may send.
  const maxPduBytes = dimse.Implementation.getMaxPduLength();

  const server = net.createServer((socket) => {
    const peer = socket.remoteAddress ?? 'unknown';
    const held = perPeer.get(peer) ?? 0;
    if (held >= policy.maxConnectionsPerPeer) {
      log.warn({ peer, connections: held }, `${name} connection refused: too many from this address`);
      socket.destroy();
      return;
    }
    perPeer.set(peer, held + 1);
    sockets.add(socket);
    if (pending.size >= policy.maxPendingConnections) {
      const oldest = pending.values().next().value;
      if (oldest) oldest.abort('evicted');
    }
    const closedByUs = (reason: CloseReason) =>
      log.warn({ peer, reason }, `${name} connection closed by the gateway`);
    const guard = new PduGuard(
      socket,
      { ...policy, maxRequestBytes: MAX_REQUEST_BYTES, maxPduBytes },
      closedByUs,
      () => pending.delete(guard),
    );
    pending.add(guard);
    let associated = false;
    socket.on('close', () => {
      sockets.delete(socket);
      pending.delete(guard);
      const left = (perPeer.get(peer) ?? 1) - 1;
      if (left > 0) perPeer.set(peer, left);
      else perPeer.delete(peer);
      if (associated) associations -= 1;
    });
    socket.setNoDelay(true);
    const connection = new ScpClass({
      guard,
      claimAssociation: () => {
        if (associated) return true;
        if (associations >= policy.maxAssociations) return false;
        associations += 1;
        associated = true;
        return true;
      },
    });
    // After an A-ABORT the association is gone but dcmjs-dimse leaves the socket open; close it.
    connection.on('abort', () => socket.destroy());
    connection.on('networkError', (error: unknown) => {
      log.warn({ err: errorName(error) }, `${name} network error`);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: errorName(error) }, `${name} server error`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info({ host: options.host, port, aeTitle: options.aeTitle }, `${name} scp listening`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
