import { eq } from 'drizzle-orm';
import { isAcceptance, type Reply } from '../../shared/protocol';
import { probeChannel, type ProbeResult } from '../relay/probe';
import type { FailingPhase } from '../../shared/domain/message';
import { gateways } from '../db/schema';
import type { Logger } from '../logger';
import type { ChannelFactory } from '../relay/channel-factory';
import type { GatewayChannel } from '../relay/gateway-channel';
import type { GatewayMonitor } from '../relay/gateway-monitor';
import { DeliveryFailure } from '../relay/delivery-failure';
import type { ServiceContext } from '../services/context';
import { gatewaysExpectingEvents } from '../services/gateways';
import { listMessageSummaries, getAppointmentView } from '../services/views';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { toOutgoingAction } from './envelope';
import { OutboxStore, type ClaimedMessage, type Settlement } from './outbox-store';

export interface DispatcherOptions {
  ctx: ServiceContext;
  channels: ChannelFactory;
  log: Logger;
  backoff?: BackoffPolicy;
  /** Most messages claimed but not yet settled, across all gateways. */
  maxOutstanding?: number;
  claimBatch?: number;
  random?: () => number;
  /** Told of every answer and failure, so the gateway screen shows health proven by traffic. */
  monitor?: Pick<GatewayMonitor, 'answered' | 'failed'>;
}

/**
 * The single dispatcher: claims due outbox messages, hands them to each gateway's channel, and records
 * what happens (written → delivered_at, reply → confirmed_at, failure → retry with backoff or failed).
 * It is woken by new messages, by settled ones (which may unblock an appointment's next message) and
 * by a timer for the earliest retry.
 */
export class Dispatcher {
  private readonly store: OutboxStore;
  private readonly backoff: BackoffPolicy;
  private readonly channels = new Map<string, GatewayChannel>();
  private pending: Settlement[] = [];
  private outstanding = 0;
  private tickScheduled = false;
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: DispatcherOptions) {
    this.store = new OutboxStore(options.ctx.db.$client);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.log = options.log.child({ component: 'dispatcher' });
  }

  /**
   * Recovers work a crash or quit interrupted, reopens sessions to gateways that may have events for
   * us, then starts sending.
   */
  start(): void {
    const recovered = this.store.recoverInterrupted(this.options.ctx.now().toISOString());
    if (recovered > 0) this.log.info({ recovered }, 'interrupted messages queued again');
    for (const gatewayId of gatewaysExpectingEvents(this.options.ctx.db)) {
      try {
        this.channelFor(gatewayId).ensureOpen?.();
      } catch (error) {
        this.log.warn({ gatewayId, err: (error as Error).message }, 'could not open a gateway session');
      }
    }
    this.wake();
  }

  wake(): void {
    if (this.tickScheduled || this.stopped) return;
    this.tickScheduled = true;
    setImmediate(() => this.tick());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.channels.values()].map((c) => c.close()));
    this.flush();
  }

  channelFor(gatewayId: string): GatewayChannel {
    let channel = this.channels.get(gatewayId);
    if (!channel) {
      const row = this.options.ctx.db.select().from(gateways).where(eq(gateways.id, gatewayId)).get();
      if (!row)
        throw new DeliveryFailure('rejected', 'The gateway this message was for has been removed.', false);
      channel = this.options.channels.create(row);
      this.channels.set(gatewayId, channel);
    }
    return channel;
  }

  /** "Test connection" on a saved gateway, through its own channel; the monitor records the answer. */
  async probe(gatewayId: string, actionType: 'echo' | 'health'): Promise<ProbeResult> {
    let result: ProbeResult;
    try {
      result = await probeChannel(this.channelFor(gatewayId), actionType, this.options.ctx.now());
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      result = { reply: null, roundTripMs: null, failure };
    }
    if (result.roundTripMs !== null) this.options.monitor?.answered(gatewayId, result.roundTripMs);
    if (result.failure) this.options.monitor?.failed(gatewayId, result.failure);
    return result;
  }

  /** Drops a gateway's channel after its settings change; the next message opens a new one. */
  async forget(gatewayId: string): Promise<void> {
    const channel = this.channels.get(gatewayId);
    this.channels.delete(gatewayId);
    await channel?.close();
  }

  private tick(): void {
    this.tickScheduled = false;
    if (this.stopped) return;
    const limit = Math.min(
      (this.options.maxOutstanding ?? 4096) - this.outstanding,
      this.options.claimBatch ?? 512,
    );
    if (limit <= 0) return;
    const claimed = this.store.claimDue(this.options.ctx.now().toISOString(), limit);
    for (const message of claimed) this.dispatch(message);
    if (claimed.length === limit) this.wake();
    if (claimed.length > 0) this.announce(claimed.map((m) => m.id));
    this.scheduleRetryTimer();
  }

  private dispatch(message: ClaimedMessage): void {
    this.outstanding++;
    let settled = false;
    let writtenAt = 0;
    const done = (settlement: Settlement) => {
      if (settled) return;
      settled = true;
      this.outstanding--;
      this.record(settlement);
    };
    try {
      this.channelFor(message.gatewayId).send(toOutgoingAction(message), {
        written: (at) => {
          writtenAt = at.getTime();
          if (!settled) this.record({ id: message.id, kind: 'written', at: at.toISOString() });
        },
        replied: (reply, at) => {
          if (writtenAt) this.options.monitor?.answered(message.gatewayId, at.getTime() - writtenAt);
          done(this.fromReply(message, reply, at));
        },
        failed: (failure) => {
          this.options.monitor?.failed(message.gatewayId, failure);
          done(this.fromFailure(message, failure.phase, failure.message, failure.retryable));
        },
      });
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      done(this.fromFailure(message, failure.phase, failure.message, failure.retryable));
    }
  }

  private fromReply(message: ClaimedMessage, reply: Reply, at: Date): Settlement {
    if (isAcceptance(reply)) return { id: message.id, kind: 'confirmed', at: at.toISOString(), reply };
    const text = reply.status === 'error' ? reply.message : 'unknown reply';
    const retryable = reply.status === 'error' ? (reply.retryable ?? true) : true;
    return this.fromFailure(message, 'rejected', `The gateway rejected it: ${text}`, retryable);
  }

  private fromFailure(
    message: ClaimedMessage,
    phase: FailingPhase,
    error: string,
    retryable: boolean,
  ): Settlement {
    const now = this.options.ctx.now();
    const at = now.toISOString();
    const willRetry = retryable && message.attempts < this.backoff.maxAttempts;
    // Ids, phase and counts only: the error text can name a destination but never a participant.
    this.log.warn(
      { messageId: message.id, gatewayId: message.gatewayId, phase, attempts: message.attempts, willRetry },
      'delivery attempt failed',
    );
    if (willRetry) {
      const delay = backoffDelay(this.backoff, message.attempts, this.options.random);
      return {
        id: message.id,
        kind: 'retry',
        at,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
        phase,
        error,
      };
    }
    return { id: message.id, kind: 'failed', at, phase, error };
  }

  /** Buffers an outcome; outcomes arriving in the same turn of the event loop share one transaction. */
  private record(settlement: Settlement): void {
    this.pending.push(settlement);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const changed = this.store.settle(batch);
      this.announce(changed);
    } catch (error) {
      this.log.error(
        { err: (error as Error).message, count: batch.length },
        'recording delivery outcomes failed',
      );
    }
    this.wake();
  }

  private scheduleRetryTimer(): void {
    clearTimeout(this.timer);
    const due = this.store.nextDueAt();
    if (!due || this.stopped) return;
    const delay = Math.max(0, Date.parse(due) - this.options.ctx.now().getTime());
    this.timer = setTimeout(() => this.wake(), Math.min(delay, 2 ** 31 - 1));
  }

  /** Tells open screens what changed; skipped when nobody is listening (benchmarks, headless runs). */
  private announce(ids: string[]): void {
    const { ctx } = this.options;
    if (ids.length === 0 || !ctx.events.hasListeners()) return;
    const summaries = listMessageSummaries(ctx.db, { ids, limit: ids.length });
    const appointments = new Set<string>();
    for (const summary of summaries) {
      ctx.events.emit('message.changed', summary);
      if (summary.appointmentId) appointments.add(summary.appointmentId);
    }
    for (const id of appointments) ctx.events.emit('appointment.changed', getAppointmentView(ctx.db, id));
  }
}
