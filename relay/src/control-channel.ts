import { WebSocket, type RawData } from 'ws';
import type { AuthResult } from './authorize.js';
import { closeReason, runAt, type Cancel } from './timers.js';

export interface AcceptMessage {
  address: string;
  id: string;
  connectHeaders: Record<string, string>;
}

export interface ControlChannelInit {
  entity: string;
  id: string;
  trackingId: string;
  /** `ws(s)://host[:port]` as the listener reached the relay: rendezvous addresses are built on it. */
  origin: string;
  tokenExpiresAt: number;
  /** Re-validates a `renewToken` against this channel's entity and host. */
  renew(token: string): AuthResult;
  onClose(channel: ControlChannel, code: number): void;
  log(event: string, fields?: Record<string, unknown>): void;
}

/**
 * One listener's control channel: carries `accept` notifications out and `renewToken` in, and closes
 * with 1008 when its token expires unrenewed, as the service does.
 */
export class ControlChannel {
  readonly entity: string;
  readonly id: string;
  readonly trackingId: string;
  readonly origin: string;
  private expiresAt = 0;
  private cancelExpiry: Cancel | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly init: ControlChannelInit,
  ) {
    this.entity = init.entity;
    this.id = init.id;
    this.trackingId = init.trackingId;
    this.origin = init.origin;
    this.armExpiry(init.tokenExpiresAt);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', () => undefined); // a 'close' always follows; nothing to add
    ws.on('close', (code) => {
      this.cancelExpiry?.();
      init.onClose(this, code);
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get tokenExpiresAt(): number {
    return this.expiresAt;
  }

  sendAccept(accept: AcceptMessage): void {
    if (!this.open) return;
    this.ws.send(JSON.stringify({ accept }), () => undefined);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, closeReason(`${reason} TrackingId:${this.trackingId}`));
    }
  }

  terminate(): void {
    this.ws.terminate();
  }

  expireNow(): void {
    this.cancelExpiry?.();
    this.init.log('listener.token-expired', { entity: this.entity, id: this.id });
    this.close(1008, 'The security token has expired.');
  }

  private armExpiry(expiresAt: number): void {
    this.cancelExpiry?.();
    this.expiresAt = expiresAt;
    this.cancelExpiry = runAt(expiresAt * 1000, () => this.expireNow());
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    // Only renewToken is meaningful from a WebSocket listener; anything else is ignored as the service does
    // with unknown gestures, and never answered (hyco-ws crashes on non-JSON frames).
    if (isBinary) return;
    const token = renewTokenOf(data);
    if (token === undefined) return;
    const result = this.init.renew(token);
    if (result.ok) {
      this.armExpiry(result.expiresAt);
      this.init.log('listener.token-renewed', {
        entity: this.entity,
        id: this.id,
        expiresAt: result.expiresAt,
      });
    } else {
      this.cancelExpiry?.();
      this.init.log('listener.renew-refused', { entity: this.entity, id: this.id, status: result.status });
      this.close(1008, result.message);
    }
  }
}

function renewTokenOf(data: RawData): string | undefined {
  try {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as Buffer).toString('utf8');
    const message: unknown = JSON.parse(text);
    if (typeof message !== 'object' || message === null) return undefined;
    const renew = (message as { renewToken?: unknown }).renewToken;
    if (typeof renew !== 'object' || renew === null) return undefined;
    const token = (renew as { token?: unknown }).token;
    return typeof token === 'string' ? token : '';
  } catch {
    return undefined;
  }
}
