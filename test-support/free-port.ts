import net from 'node:net';

/**
 * Starts `server` (net, http or https) on 127.0.0.1 at a port the OS picks and resolves with that port,
 * for test peers that other code then connects to. Rejects when the server cannot bind.
 */
export async function listenOnLoopback(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('listenOnLoopback: the server has no TCP port');
  return address.port;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
