import hyco, { type LegacySocket } from 'hyco-ws';
import { errorText, type Logger } from '../logger';

/**
 * A thin, crash-proof face over hyco-ws's ws 1.x sockets: text in, text out. Every handler runs inside a
 * try (a throw inside a ws 1.x message listener would take the whole process down), async handlers have
 * their rejections caught, and sends on a closed socket are dropped instead of throwing.
 */
export class SessionSocket {
  constructor(
    private readonly socket: LegacySocket,
    private readonly log: Logger,
  ) {}

  get open(): boolean {
    return this.socket.readyState === hyco.OPEN;
  }

  send(text: string): void {
    if (!this.open) return;
    try {
      this.socket.send(text, {}, (error) => {
        if (error) this.log.debug({ error: errorText(error) }, 'send failed');
      });
    } catch (error) {
      this.log.debug({ error: errorText(error) }, 'send failed');
    }
  }

  sendJson(value: unknown): void {
    this.send(JSON.stringify(value));
  }

  close(code = 1000, reason = ''): void {
    try {
      this.socket.close(code, reason);
    } catch {
      this.terminate();
    }
  }

  terminate(): void {
    try {
      this.socket.terminate();
    } catch {
      // already gone
    }
  }

  onText(handler: (text: string) => void | Promise<void>, onBinary: () => void): void {
    this.socket.on('message', (data: string | Buffer, flags: { binary?: boolean }) => {
      try {
        if (flags?.binary || typeof data !== 'string') {
          onBinary();
          return;
        }
        const result = handler(data);
        if (result && typeof result.then === 'function') {
          result.then(undefined, (error: unknown) =>
            this.log.error({ error: errorText(error) }, 'message handler failed'),
          );
        }
      } catch (error) {
        this.log.error({ error: errorText(error) }, 'message handler failed');
      }
    });
  }

  onClose(handler: () => void): void {
    this.socket.on('close', () => {
      try {
        handler();
      } catch (error) {
        this.log.error({ error: errorText(error) }, 'close handler failed');
      }
    });
  }
}
