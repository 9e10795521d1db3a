import net from 'node:net';
import type { Logger } from 'pino';
import { errorName } from '../mpps/mpps-dimse';
import type { dimse } from '../worklist/dimse';

/**
 * Hosts a dcmjs-dimse `Scp` class on our own `net.Server`, as the MWL SCP does (see mwl-scp.ts for why:
 * one bound address, port 0 in tests, TCP_NODELAY, sockets closed after an abort or a network error,
 * a connection cap).
 */
export interface ScpServer {
  port: number;
  close(): Promise<void>;
}

type ScpClass = new (socket: net.Socket, options: Record<string, unknown>) => InstanceType<typeof dimse.Scp>;

export async function listenScp(
  ScpClass: ScpClass,
  options: { host: string; port: number; maxConnections: number; log: Logger; name: string; aeTitle: string },
): Promise<ScpServer> {
  const { log, name } = options;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const connection = new ScpClass(socket, {});
    connection.on('abort', () => socket.destroy());
    connection.on('networkError', (error: unknown) => {
      log.warn({ err: errorName(error) }, `${name} network error`);
      socket.destroy();
    });
  });
  server.maxConnections = options.maxConnections;
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
