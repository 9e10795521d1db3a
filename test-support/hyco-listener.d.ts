// hyco-ws's listener side, as the test gateway uses it (see src/main/relay/hyco-ws.d.ts for the sender).
declare module 'hyco-ws' {
  import type { EventEmitter } from 'node:events';
  export interface RelayedServer extends EventEmitter {
    close(callback?: () => void): void;
    on(event: 'connection', listener: (socket: RelayedSocket & { url: string }) => void): this;
    on(event: 'listening', listener: () => void): this;
    on(event: 'error', listener: (error: unknown) => void): this;
  }
  export function createRelayedServer(options: {
    server: string;
    token: string | (() => string);
  }): RelayedServer;
}
