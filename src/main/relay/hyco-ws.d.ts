// The parts of hyco-ws 1.0.5 the app uses. Its sockets are `ws` 1.1.x sockets, whose API differs from
// ws 8 (message handlers get `(data, flags)`, `send` takes a callback), so they are typed here rather
// than borrowed from @types/ws. DefinitelyTyped's hyco-ws types are wrong.
declare module 'hyco-ws' {
  import type { EventEmitter } from 'node:events';
  import type { Agent } from 'node:http';

  export interface RelayedSocket extends EventEmitter {
    readonly readyState: number;
    send(data: string, callback?: (error?: Error) => void): void;
    ping(data?: string): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    on(event: 'open', listener: () => void): this;
    on(event: 'message', listener: (data: string | Buffer) => void): this;
    on(event: 'close', listener: (code: number, reason: string) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  /** The module itself is ws 1.1.5's WebSocket constructor (hyco-ws adds its functions to it). */
  const LegacyWebSocket: new (
    address: string,
    protocols: null,
    options: { headers: Record<string, string>; agent?: Agent },
  ) => RelayedSocket;
  export default LegacyWebSocket;

  export function relayedConnect(address: string, token?: string | null): RelayedSocket;
  export function createRelayToken(
    uri: string,
    keyName: string,
    key: string,
    expirationSeconds?: number,
  ): string;
}
