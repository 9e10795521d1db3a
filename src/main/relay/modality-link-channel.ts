import type { RelayedSocket } from 'hyco-ws';
import {
  fullJitterDelay,
  type ActionsFrame,
  decodeSessionFrame,
  type GatewayEvent,
  type KeyHandle,
  markPhase,
  MAX_ACTIONS_PER_FRAME,
  phaseTraceOn,
  randomUUID,
  type SessionFrame,
  signFrame,
  verifySessionFrame,
} from 'modality-link-protocol';
import type { Logger } from '../logger';
import { DeliveryFailure } from './delivery-failure';
import { envelopeOf } from '../outbox/envelope';
import type {
  ChannelState,
  EnvelopeAction,
  GatewayChannel,
  OutgoingAction,
  SendCallbacks,
} from './gateway-channel';
import { messageText, openRelaySocket } from './open-relay-socket';
import { probeChannel } from './probe';
import { HelloExchange, importGatewayKey } from './session-handshake';
import { signFramesOnThisThread } from './sign-now';
import type { RelayEndpoint } from './relay-endpoint';
import type { WorkstationIdentity } from './workstation-identity';

/** Our own cap on unacknowledged actions, whatever window the gateway offers. */
const MAX_WINDOW = 4096;
const NON_RETRYABLE = new Set(['bad_frame', 'unsupported_version', 'frame_too_large', 'challenge_required']);

interface Pending {
  action: EnvelopeAction;
  callbacks: SendCallbacks;
  timer?: NodeJS.Timeout;
  frameId?: string;
}

export interface ModalityLinkChannelOptions {
  gatewayName: string;
  endpoint: RelayEndpoint;
  identity: WorkstationIdentity;
  /** The gateway's enrolled public key (base64); without it the gateway cannot be authenticated. */
  gatewayPublicKey: string | null;
  ackTimeoutMs: number;
  connectTimeoutMs: number;
  log: Logger;
  now?: () => Date;
  /** Applies events in one transaction and returns the ids to acknowledge (replays included). */
  onEvents(events: GatewayEvent[]): string[];
  onStateChange?(state: ChannelState, detail?: DeliveryFailure): void;
  /**
   * Whether the session should stay open with nothing to send, because the gateway may have events
   * for us (appointments at the modality). A dropped session is then reopened with backoff.
   */
  wantOpen?(): boolean;
  /** Idle time after which an open session proves itself alive with an echo; default 60 s. */
  keepAliveMs?: number;
}

const RECONNECT = { baseMs: 1_000, capMs: 60_000 };

/**
 * `modality-link/1`: one persistent, signed session per gateway. Actions queue while the session opens,
 * then go out in batched frames (one signature per frame) with at most `window` unacknowledged; replies
 * are matched by action id. A dropped session fails what is outstanding with the phase it died in, and
 * the dispatcher re-sends under the same ids, which the gateway deduplicates.
 */
export class ModalityLinkChannel implements GatewayChannel {
  private current: ChannelState = 'idle';
  private socket: RelayedSocket | undefined;
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<string, Pending>();
  private window = 1;
  private sendChain: Promise<void> = Promise.resolve();
  private handshake: HelloExchange | undefined;
  private readonly now: () => Date;
  private gatewayKey: KeyHandle | undefined;
  private flushScheduled = false;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ModalityLinkChannelOptions) {
    this.now = options.now ?? (() => new Date());
    signFramesOnThisThread();
  }

  get state(): ChannelState {
    return this.current;
  }

  send(action: OutgoingAction, callbacks: SendCallbacks): void {
    if (this.current === 'closed') {
      callbacks.failed(new DeliveryFailure('send_failed', 'The dispatcher is shutting down.'));
      return;
    }
    // Framed now, so an action that cannot be framed throws to the caller instead of failing a batch.
    this.queue.push({ action: { messageId: action.messageId, envelope: envelopeOf(action) }, callbacks });
    if (this.current === 'idle') void this.connect();
    else if (this.current === 'ready') this.scheduleFlush();
  }

  /**
   * Flushes once the caller's synchronous work is done, so actions handed over in one go (a claimed
   * batch) share a frame, one signature and one commit at the gateway, instead of a frame each.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Opens the session if it is not open, so events can arrive with nothing to send. */
  ensureOpen(): void {
    if (this.current === 'idle') void this.connect();
  }

  async close(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.keepAliveTimer);
    this.setState('closed');
    this.failAll(new DeliveryFailure('send_failed', 'The dispatcher is shutting down.'));
    this.socket?.close();
  }

  private setState(state: ChannelState, detail?: DeliveryFailure): void {
    if (this.current === 'closed') return;
    this.current = state;
    this.options.onStateChange?.(state, detail);
    if (state === 'ready') {
      this.reconnectAttempt = 0;
      this.armKeepAlive();
    }
    if (state === 'idle') {
      clearTimeout(this.keepAliveTimer);
      this.scheduleReconnect();
    }
  }

  /** Full-jitter backoff, so workstations that lost the same gateway do not return in step. */
  private scheduleReconnect(): void {
    if (!this.options.wantOpen?.() || this.reconnectTimer) return;
    this.reconnectAttempt += 1;
    const delay = fullJitterDelay(this.reconnectAttempt, RECONNECT.baseMs, RECONNECT.capMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.current === 'idle' && this.options.wantOpen?.()) void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  /**
   * A quiet session is proven alive with an echo through the relay: a dead rendezvous (the far end
   * gone without a close) then fails by ack timeout and is reopened, instead of silently eating events.
   */
  private armKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = setTimeout(() => {
      if (this.current !== 'ready') return;
      if (this.inFlight.size > 0 || this.queue.length > 0) return this.armKeepAlive();
      // A failed echo closes the session through the ack timeout; a reply re-arms the timer.
      void probeChannel(this, 'echo', this.now()).then((result) => {
        if (!result.failure) this.armKeepAlive();
      });
    }, this.options.keepAliveMs ?? 60_000);
    this.keepAliveTimer.unref();
  }

  private async connect(): Promise<void> {
    this.setState('connecting');
    const { options } = this;
    try {
      this.gatewayKey ??= await importGatewayKey(options.gatewayPublicKey, options.gatewayName);
      const handshake = (this.handshake = new HelloExchange(options.identity, options.gatewayName, this.now));
      const socket = await openRelaySocket(
        options.endpoint,
        options.gatewayName,
        options.connectTimeoutMs,
        (data) => this.onMessage(messageText(data)),
      );
      if (this.current === 'closed') return socket.close();
      this.socket = socket;
      socket.on('close', (code) => this.onClose(socket, code));
      handshake.attach(socket, options.ackTimeoutMs);
      await handshake.done;
      this.setState('ready');
      this.flush();
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      this.socket?.close();
      this.socket = undefined;
      this.failAll(failure);
      this.setState('idle', failure);
    }
  }

  /** Takes what the window allows off the queue and sends it as signed frames, in order. */
  private flush(): void {
    while (this.current === 'ready' && this.queue.length > 0 && this.inFlight.size < this.window) {
      const room = Math.min(this.window - this.inFlight.size, MAX_ACTIONS_PER_FRAME);
      const batch = this.queue.splice(0, room);
      const frameId = randomUUID();
      for (const pending of batch) {
        pending.frameId = frameId;
        this.inFlight.set(pending.action.messageId, pending);
      }
      // Signing is asynchronous; chaining keeps frames on the wire in the order they were taken.
      this.sendChain = this.sendChain.then(() => this.sendFrame(frameId, batch));
    }
  }

  private async sendFrame(frameId: string, batch: Pending[]): Promise<void> {
    const socket = this.socket;
    if (!socket || this.current !== 'ready') {
      this.fail(
        batch,
        new DeliveryFailure(
          'send_failed',
          `The connection to "${this.options.gatewayName}" closed before the frame was sent.`,
        ),
      );
      return;
    }
    const frame = await signFrame<ActionsFrame>(
      {
        kind: 'actions',
        frame_id: frameId,
        timestamp: this.now().toISOString(),
        actions: batch.map((p) => p.action.envelope),
      },
      this.options.identity.signingKey,
    );
    if (phaseTraceOn()) for (const pending of batch) markPhase('sign', pending.action.messageId);
    socket.send(JSON.stringify(frame), (error) => {
      if (error) {
        this.fail(batch, new DeliveryFailure('send_failed', `Writing to the relay failed: ${error.message}`));
        return;
      }
      const at = this.now();
      for (const pending of batch) {
        if (!this.inFlight.has(pending.action.messageId)) continue;
        markPhase('write', pending.action.messageId);
        pending.callbacks.written(at);
        pending.timer = setTimeout(() => this.onAckTimeout(pending), this.options.ackTimeoutMs);
      }
    });
  }

  private onAckTimeout(pending: Pending): void {
    this.fail(
      [pending],
      new DeliveryFailure(
        'ack_timeout',
        `The gateway "${this.options.gatewayName}" did not confirm within ${Math.round(this.options.ackTimeoutMs / 1000)} s.`,
      ),
    );
    // A gateway that stops answering is treated as a dead session: reconnecting proves it is alive.
    this.socket?.close();
  }

  private onMessage(text: string): void {
    const decoded = decodeSessionFrame(text);
    if (!decoded.ok) {
      this.options.log.warn(
        { gateway: this.options.gatewayName, code: decoded.code },
        'bad frame from gateway',
      );
      return;
    }
    if (decoded.value.kind === 'replies')
      if (phaseTraceOn()) for (const { action_id } of decoded.value.replies) markPhase('reply.in', action_id);
    void this.handle(decoded.value, decoded.raw).catch((error: Error) =>
      this.options.log.error(
        { gateway: this.options.gatewayName, err: error.message },
        'handling a gateway frame failed',
      ),
    );
  }

  private async handle(frame: SessionFrame, raw: Record<string, unknown>): Promise<void> {
    const keyring = { get: () => this.gatewayKey };
    const verified = await verifySessionFrame(frame, raw, keyring, this.now());
    if (!verified.ok) {
      this.options.log.warn(
        { gateway: this.options.gatewayName, code: verified.code, kind: frame.kind },
        'gateway frame refused',
      );
      if (frame.kind === 'hello_ok')
        this.handshake?.fail(
          new DeliveryFailure(
            'credentials_rejected',
            `The gateway "${this.options.gatewayName}" could not be authenticated: ${verified.message}`,
          ),
        );
      return;
    }
    switch (frame.kind) {
      case 'challenge':
        this.handshake?.onChallenge(frame.challenge);
        return;
      case 'hello_ok':
        if (this.handshake?.onHelloOk(frame)) this.window = Math.min(frame.window, MAX_WINDOW);
        return;
      case 'replies':
        this.armKeepAlive();
        for (const { action_id, reply } of frame.replies) {
          const pending = this.inFlight.get(action_id);
          if (!pending) continue;
          clearTimeout(pending.timer);
          this.inFlight.delete(action_id);
          markPhase('reply.verified', action_id);
          pending.callbacks.replied(reply, this.now());
        }
        this.flush();
        return;
      case 'events': {
        const ids = this.options.onEvents(frame.events);
        // Unacknowledged events are simply sent again by the gateway, so a failed ack write needs no handling.
        if (ids.length > 0)
          this.socket?.send(JSON.stringify({ kind: 'event_acks', event_ids: ids }), () => {});
        return;
      }
      case 'error':
        return this.onErrorFrame(frame.code, frame.message, frame.ref);
      default:
        return;
    }
  }

  private onErrorFrame(code: string, message: string, ref: string | undefined): void {
    const text = `The gateway refused it: ${message}`;
    if (this.current === 'connecting') {
      const phase = code === 'unknown_key' || code === 'bad_signature' ? 'credentials_rejected' : 'rejected';
      this.handshake?.fail(new DeliveryFailure(phase, text, !NON_RETRYABLE.has(code)));
      return;
    }
    const affected = [...this.inFlight.values()].filter(
      (p) => ref !== undefined && (p.frameId === ref || p.action.messageId === ref),
    );
    this.fail(affected, new DeliveryFailure('rejected', text, !NON_RETRYABLE.has(code)));
    this.flush();
  }

  private onClose(socket: RelayedSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    const failure = new DeliveryFailure(
      'send_failed',
      `The connection to "${this.options.gatewayName}" closed (code ${code}) before the gateway confirmed.`,
    );
    this.handshake?.fail(failure);
    this.failAll(failure);
    if (this.current !== 'closed') this.setState('idle', failure);
  }

  private fail(list: Pending[], failure: DeliveryFailure): void {
    for (const pending of list) {
      clearTimeout(pending.timer);
      this.inFlight.delete(pending.action.messageId);
      pending.callbacks.failed(failure);
    }
  }

  private failAll(failure: DeliveryFailure): void {
    this.fail([...this.inFlight.values(), ...this.queue.splice(0)], failure);
  }
}
