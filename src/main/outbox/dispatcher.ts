import { eq } from 'drizzle-orm';
import { probeChannel, type ProbeKind, type ProbeResult } from '../relay/probe';
import { gateways } from '../db/schema';
import { markPhase, phaseTraceOn } from 'modality-link-protocol';
import type { Logger } from '../logger';
import type { ChannelFactory } from '../relay/channel-factory';
import type { GatewayChannel } from '../relay/gateway-channel';
import type { GatewayMonitor } from '../relay/gateway-monitor';
import { DeliveryFailure } from '../relay/delivery-failure';
import type { ServiceContext } from '../services/context';
import { gatewaysExpectingEvents } from '../services/gateways/gateways';
import { listMessageSummaries, getAppointmentView } from '../services/views';
import { DEFAULT_BACKOFF, expiryCutoff, type BackoffPolicy } from './backoff';
import { toOutgoingAction } from './envelope';
import { OutcomeWaiters } from './outcome-waiters';
import { OutboxStore, type ClaimedMessage, type Settlement } from './outbox-store';
import { settleFailure, settleReply, type SettlePolicy } from './settle-policy';

/**
 * The longest the screens wait to hear that a message was claimed or its frame written, and the longest a
 * `written` outcome waits to be recorded. Usually the gateway's reply comes first and one update carries
 * the confirmation instead of three (queued → sending → delivered → confirmed): nothing of it runs
 * between a frame and its reply, when the relay and the gateway need the cores (ADR 0033). 100 ms is
 * below what staff can see.
 */
const SCREEN_HOLD_MS = 100;

/** One claimed message's progress, read by the next message of its appointment claimed with it. */
interface Attempt {
  state: 'pending' | 'written' | 'failed-unwritten';
}

export interface DispatcherOptions {
  ctx: ServiceContext;
  channels: ChannelFactory;
  log: Logger;
  backoff?: BackoffPolicy;
  /** Most messages claimed but not yet settled, across all gateways. */
  maxOutstanding?: number;
  claimBatch?: number;
  random?: () => number;
  /** `SCREEN_HOLD_MS` unless a test needs the hold longer or shorter. */
  screenHoldMs?: number;
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
  private readonly profiles = new Map<string, string>();
  /** Gateways whose last attempt failed: their next success pulls their waiting messages forward. */
  private readonly unreachable = new Set<string>();
  private readonly policy: SettlePolicy;
  private pending: Settlement[] = [];
  private outstanding = 0;
  private tickScheduled = false;
  private flushScheduled = false;
  /** A flush holding only written frames' outcomes, or claims not yet announced (`SCREEN_HOLD_MS`). */
  private heldFlush: NodeJS.Timeout | undefined;
  private readonly heldAnnouncements = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly log: Logger;
  private readonly waiters: OutcomeWaiters;

  constructor(private readonly options: DispatcherOptions) {
    this.store = new OutboxStore(options.ctx.db.$client);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.policy = { backoff: this.backoff, ...(options.random ? { random: options.random } : {}) };
    this.log = options.log.child({ component: 'dispatcher' });
    // Twice the hold: the hold's own flush tells a waiter of a written frame still waiting for its reply;
    // the backstop is for messages not claimed meanwhile (the dispatcher at its limit, a stopped channel).
    this.waiters = new OutcomeWaiters(2 * (options.screenHoldMs ?? SCREEN_HOLD_MS));
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

  /** Hooks the services' context up to this dispatcher: queued messages wake it, a click waits on it. */
  attachTo(ctx: ServiceContext): void {
    ctx.onMessagesQueued = () => this.wake();
    ctx.messagesTold = (ids) => this.told(ids);
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
    this.waiters.releaseAll();
  }

  /**
   * Resolves once the screens have been told what became of these messages (an outcome, or a written
   * frame once the screen hold is over), and at the latest after twice the hold: a click's answer waits
   * here. True when they were told, so the answer need not tell them again.
   */
  told(messageIds: readonly string[]): Promise<boolean> {
    return this.stopped ? Promise.resolve(false) : this.waiters.wait(messageIds);
  }

  channelFor(gatewayId: string): GatewayChannel {
    let channel = this.channels.get(gatewayId);
    if (!channel) {
      const row = this.options.ctx.db.select().from(gateways).where(eq(gateways.id, gatewayId)).get();
      if (!row)
        throw new DeliveryFailure('rejected', 'The gateway this message was for has been removed.', false);
      channel = this.options.channels.create(row);
      this.channels.set(gatewayId, channel);
      this.profiles.set(gatewayId, row.profile);
    }
    return channel;
  }

  /** "Test connection" on a saved gateway, through its own channel; the monitor records the answer. */
  async probe(gatewayId: string, kind: ProbeKind): Promise<ProbeResult> {
    let result: ProbeResult;
    try {
      const channel = this.channelFor(gatewayId);
      const profile = this.profiles.get(gatewayId);
      result = await probeChannel(channel, kind, this.options.ctx.now(), profile);
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      result = { reply: null, roundTripMs: null, failure };
    }
    if (result.roundTripMs !== null) this.options.monitor?.answered(gatewayId, result.roundTripMs);
    if (result.failure) this.options.monitor?.failed(gatewayId, result.failure);
    else this.gatewayReachable(gatewayId);
    return result;
  }

  /**
   * The gateway is reachable again (its session reopened, or it answered after failures): messages
   * waiting out a backoff delay for it are due now, not when their timers say.
   */
  gatewayReachable(gatewayId: string): void {
    this.unreachable.delete(gatewayId);
    if (this.stopped) return;
    const now = this.options.ctx.now().toISOString();
    if (this.store.retryGatewayMessagesNow(gatewayId, now) > 0) this.wake();
  }

  /** Drops a gateway's channel after its settings change; the next message opens a new one. */
  async forget(gatewayId: string): Promise<void> {
    const channel = this.channels.get(gatewayId);
    this.channels.delete(gatewayId);
    this.profiles.delete(gatewayId);
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
    const now = this.options.ctx.now();
    const expired = this.store.expireDue(now.toISOString(), expiryCutoff(this.backoff, now));
    if (expired.length > 0) {
      this.log.warn({ count: expired.length }, 'messages expired: their clinic day is over');
      this.announce(expired);
    }
    const claimed = this.store.claimDue(now.toISOString(), limit);
    // The last message of each appointment dispatched in this go: the next one of it follows that one.
    const lastOf = new Map<string, Attempt>();
    for (const message of claimed) {
      const attempt: Attempt = { state: 'pending' };
      this.dispatch(message, attempt, message.appointmentId ? lastOf.get(message.appointmentId) : undefined);
      if (message.appointmentId) lastOf.set(message.appointmentId, attempt);
    }
    if (claimed.length === limit) this.wake();
    // The screens hear of the claim with the next outcome, or `SCREEN_HOLD_MS` from now (ADR 0033).
    for (const message of claimed) this.heldAnnouncements.add(message.id);
    if (claimed.length > 0) this.holdFlush();
    setImmediate(() => {
      if (!this.stopped) this.scheduleRetryTimer(); // its database may be closed by now
    });
  }

  /** `behind`: the earlier message of the same appointment claimed with this one, if any. */
  private dispatch(message: ClaimedMessage, attempt: Attempt, behind: Attempt | undefined): void {
    markPhase('claim', message.id);
    this.outstanding++;
    let settled = false;
    let writtenAt = 0;
    const done = (settlement: Settlement) => {
      if (settled) return;
      settled = true;
      this.outstanding--;
      this.record(settlement);
    };
    /** `fromChannel`: the channel reported it (the monitor hears of it), rather than handing it over threw. */
    const fail = (failure: DeliveryFailure, fromChannel: boolean) => {
      if (attempt.state === 'pending') attempt.state = 'failed-unwritten';
      // The message ahead failed before anything was written: claimed alone, this one would have waited
      // for it, untried. So it goes back in line as it was, and the failure counts once, against that one.
      if (behind?.state === 'failed-unwritten' && attempt.state === 'failed-unwritten') {
        done({ id: message.id, kind: 'released', at: this.options.ctx.now().toISOString() });
        return;
      }
      if (fromChannel) {
        this.options.monitor?.failed(message.gatewayId, failure);
        if (failure.phase !== 'rejected') this.unreachable.add(message.gatewayId);
      }
      done(this.logged(message, settleFailure(this.policy, message, failure, this.options.ctx.now())));
    };
    try {
      this.channelFor(message.gatewayId).send(toOutgoingAction(message), {
        written: (at) => {
          writtenAt = at.getTime();
          attempt.state = 'written';
          if (!settled) this.record({ id: message.id, kind: 'written', at: at.toISOString() });
        },
        replied: (reply, at) => {
          if (writtenAt) this.options.monitor?.answered(message.gatewayId, at.getTime() - writtenAt);
          if (this.unreachable.has(message.gatewayId)) this.gatewayReachable(message.gatewayId);
          const profile = this.profiles.get(message.gatewayId) ?? 'modality-link/1';
          done(this.logged(message, settleReply(this.policy, message, profile, reply, at)));
        },
        failed: (failure) => fail(failure, true),
      });
    } catch (error) {
      fail(
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message),
        false,
      );
    }
  }

  private logged(message: ClaimedMessage, settlement: Settlement): Settlement {
    if (settlement.kind === 'confirmed' || settlement.kind === 'written' || settlement.kind === 'released')
      return settlement;
    // Ids, phase and counts only: the error text can name a destination but never a participant.
    this.log.warn(
      {
        messageId: message.id,
        gatewayId: message.gatewayId,
        phase: settlement.phase,
        attempts: message.attempts,
        outcome: settlement.kind,
      },
      'delivery attempt failed',
    );
    return settlement;
  }

  /**
   * Buffers an outcome; outcomes arriving in the same turn of the event loop share one transaction. A
   * frame's `written` is bookkeeping: it waits for the reply's outcome, or `SCREEN_HOLD_MS` (ADR 0033).
   * Every other outcome is recorded on the next turn and takes the waiting ones along, in order.
   */
  private record(settlement: Settlement): void {
    this.pending.push(settlement);
    if (settlement.kind === 'written') return this.holdFlush();
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private holdFlush(): void {
    this.heldFlush ??= setTimeout(() => this.flush(), this.options.screenHoldMs ?? SCREEN_HOLD_MS);
  }

  private flush(): void {
    this.flushScheduled = false;
    clearTimeout(this.heldFlush);
    this.heldFlush = undefined;
    const held = [...this.heldAnnouncements];
    this.heldAnnouncements.clear();
    if (this.pending.length === 0) {
      if (held.length > 0 && !this.stopped) {
        this.announce(held);
        this.waiters.told(held);
      }
      return;
    }
    const batch = this.pending;
    this.pending = [];
    try {
      const changed = this.store.settle(batch);
      if (phaseTraceOn()) for (const s of batch) markPhase(`settle.${s.kind}`, s.id);
      this.announce([...new Set([...held, ...changed])]);
      this.waiters.told([...held, ...batch.map((s) => s.id)]);
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
    const now = this.options.ctx.now();
    const due = this.store.nextDueAt(expiryCutoff(this.backoff, now), this.backoff.expiresAfterDayMs);
    if (!due || this.stopped) return;
    const delay = Math.max(0, Date.parse(due) - now.getTime());
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
