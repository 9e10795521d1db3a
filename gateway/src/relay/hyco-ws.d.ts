/**
 * The parts of hyco-ws 1.0.5 the gateway uses. Its sockets are `ws` 1.1.x sockets (message events carry
 * `flags`, close takes a string reason) and DefinitelyTyped's types describe neither, so these are local.
 * `controlChannel` and `closeRequested` are internals we reach into on purpose: hyco-ws gives no other way
 * to guard its message handler, send keep-alive pongs or stop its reconnect loop (see listener-supervisor).
 */
declare module 'hyco-ws' {
  import type { EventEmitter } from 'node:events';

  namespace hyco {
    interface LegacyMessageEvent {
      data: string | Buffer;
    }

    interface LegacySocket extends EventEmitter {
      readonly readyState: number;
      readonly url: string;
      send(data: string | Buffer, options?: { binary?: boolean }, cb?: (err?: Error) => void): void;
      pong(data?: string, options?: object, dontFailWhenClosed?: boolean): void;
      close(code?: number, reason?: string): void;
      terminate(): void;
      onmessage: ((event: LegacyMessageEvent) => void) | undefined;
      onclose: ((event: { code?: number; reason?: string }) => void) | undefined;
      on(event: 'open', listener: () => void): this;
      on(event: 'message', listener: (data: string | Buffer, flags: { binary?: boolean }) => void): this;
      on(event: 'close', listener: (code: number, reason: string) => void): this;
      on(event: 'error', listener: (err: Error | string) => void): this;
    }

    interface RelayedServerOptions {
      server: string;
      /** A function is called on connect and then every hour to send `renewToken`. */
      token: string | (() => string);
      clientTracking?: boolean;
    }

    interface RelayedServer extends EventEmitter {
      readonly clients: LegacySocket[];
      controlChannel: LegacySocket | undefined;
      closeRequested: boolean;
      close(callback?: (err: Error | null) => void): void;
      on(event: 'listening', listener: () => void): this;
      on(event: 'connection', listener: (socket: LegacySocket) => void): this;
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
  }

  export = hyco;
}
