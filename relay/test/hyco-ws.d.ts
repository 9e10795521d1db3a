/**
 * The parts of hyco-ws 1.0.5 the tests use. Its sockets are `ws` 1.1.x sockets, whose API differs from ws 8
 * (message events carry `flags`, close takes a string reason); DefinitelyTyped's types describe neither.
 */
declare module 'hyco-ws' {
  import type { EventEmitter } from 'node:events';
  import type { ClientRequest, IncomingMessage } from 'node:http';

  namespace hyco {
    interface LegacySocket extends EventEmitter {
      readonly readyState: number;
      readonly url: string;
      readonly protocol: string | undefined;
      send(data: string | Buffer, options?: { binary?: boolean }, cb?: (err?: Error) => void): void;
      close(code?: number, reason?: string): void;
      terminate(): void;
      on(event: 'open', listener: () => void): this;
      on(event: 'message', listener: (data: string | Buffer, flags: { binary?: boolean }) => void): this;
      on(event: 'close', listener: (code: number, reason: string) => void): this;
      on(event: 'error', listener: (err: Error | string) => void): this;
      on(event: 'unexpected-response', listener: (req: ClientRequest, res: IncomingMessage) => void): this;
    }

    interface RelayedServerOptions {
      /** The listen URL (`.../$hc/{path}?sb-hc-action=listen`); the token goes in a header. */
      server: string;
      /** A function is called on connect and then every hour to send `renewToken`. */
      token: string | (() => string);
    }

    interface RelayedServer extends EventEmitter {
      readonly clients: LegacySocket[];
      close(callback?: (err: Error | null) => void): void;
      on(event: 'listening', listener: () => void): this;
      on(event: 'connection', listener: (socket: LegacySocket) => void): this;
      /** Receives the control channel's ws 1.x error event, whose `message` names the HTTP status. */
      on(event: 'error', listener: (event: { message?: string }) => void): this;
      on(event: 'close', listener: () => void): this;
    }

    const OPEN: number;
    function createRelayedServer(
      options: RelayedServerOptions,
      onConnection?: (socket: LegacySocket) => void,
    ): RelayedServer;
    function relayedConnect(
      address: string,
      token?: string | null,
      onOpen?: (socket: LegacySocket) => void,
    ): LegacySocket;
    function createRelayToken(uri: string, keyName: string, key: string, expirationSeconds?: number): string;
  }

  export = hyco;
}
