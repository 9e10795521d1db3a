import type { GatewayView } from '#shared/ipc/views';
import type { ServiceContext } from '../services/context';
import { getGatewayView } from '../services/gateways/gateway-views';
import type { ConnectionStatus } from './connection-status';
import type { DeliveryFailure } from './delivery-failure';
import type { ChannelState } from './gateway-channel';

const UNKNOWN: ConnectionStatus = {
  state: 'idle',
  lastContactAt: null,
  lastRoundTripMs: null,
  lastError: null,
  failingPhase: null,
};

/**
 * What the app knows about each gateway's connection, proven by traffic: the session state, the last
 * time the gateway answered and how long it took, and the last failure with its phase. Screens get a
 * `gateway.changed` event whenever it changes.
 */
export class GatewayMonitor {
  private readonly status = new Map<string, ConnectionStatus>();
  /** Each gateway's connection changes since the app started, newest last, for the dashboard. */
  private readonly changes = new Map<string, Array<{ at: string; state: ChannelState }>>();

  constructor(private readonly ctx: ServiceContext) {}

  get(gatewayId: string): ConnectionStatus {
    return this.status.get(gatewayId) ?? UNKNOWN;
  }

  /** The connection's state changes since the app started (at most the last 500). */
  history(gatewayId: string): ReadonlyArray<{ at: string; state: ChannelState }> {
    return this.changes.get(gatewayId) ?? [];
  }

  update(gatewayId: string, state: ChannelState, failure?: DeliveryFailure): void {
    const previous = this.get(gatewayId);
    if (previous.state !== state) {
      const list = this.changes.get(gatewayId) ?? [];
      list.push({ at: this.ctx.now().toISOString(), state });
      if (list.length > 500) list.shift();
      this.changes.set(gatewayId, list);
    }
    this.set(gatewayId, {
      ...previous,
      state,
      ...(failure ? { lastError: failure.message, failingPhase: failure.phase } : {}),
      ...(state === 'ready' ? { lastError: null, failingPhase: null } : {}),
    });
  }

  answered(gatewayId: string, roundTripMs: number): void {
    this.set(gatewayId, {
      ...this.get(gatewayId),
      lastContactAt: this.ctx.now().toISOString(),
      lastRoundTripMs: roundTripMs,
    });
  }

  failed(gatewayId: string, failure: DeliveryFailure): void {
    this.set(gatewayId, { ...this.get(gatewayId), lastError: failure.message, failingPhase: failure.phase });
  }

  private set(gatewayId: string, next: ConnectionStatus): void {
    this.status.set(gatewayId, next);
    if (!this.ctx.events.hasListeners()) return;
    const view: GatewayView | undefined = getGatewayView(this.ctx.db, gatewayId, next);
    if (view) this.ctx.events.emit('gateway.changed', view);
  }
}
