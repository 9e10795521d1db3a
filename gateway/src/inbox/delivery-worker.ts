import { randomUUID } from 'node:crypto';
import type { Destination, DeliveryResult } from '../destinations/destination';
import { deliveryFailure, isTransient, type DeliveryFault } from '../destinations/delivery-faults';
import { errorText, type Logger } from '../logger';
import { fullJitterDelay, type GatewayEvent, type WireActionType } from 'modality-link-protocol';
import type { EventOutbox } from './event-outbox';
import type { DueDelivery, InboxStore } from './inbox-store';

/**
 * How long deliveries wait after a commit, so the commit's replies are read first (ADR 0033). On Linux a
 * reader woken by a loopback write is queued on the writer's core, on the guess that the writer is about
 * to sleep; a gateway that went straight on to its deliveries kept the relay, and so the reply, waiting
 * 1–2 ms on a 2-core machine the relay shares (the demo, the tests, the benches). On machines of their
 * own nothing waits, and deliveries merely start this much later. 3 ms, not 1: Node measures a timer
 * from the start of the event loop's turn, so a 1 ms timer set after a commit is often already due and
 * the loop never sleeps.
 */
const REPLIES_FIRST_MS = 3;

export interface DeliveryPolicy {
  initialBackoffMs: number;
  /** The backoff cap (default config: 30 s): the longest a transient fault delays the next attempt. */
  maxBackoffMs: number;
  /**
   * Deliveries in flight at once PER DESTINATION (default 4; the same action is never in flight twice).
   * Per destination because transient faults are retried for ever: a destination that times out on
   * every attempt must not fill the slots another destination's messages need.
   */
  concurrency?: number;
  /** The allow-list, asked at every attempt: a destination dropped since arrival is not delivered to. */
  isAllowed(destination: string): boolean;
}

/**
 * Takes accepted `message.deliver` actions from the inbox and hands them to their destination after the
 * reply has gone out. Transient faults (delivery-faults.ts) are retried with capped full-jitter backoff
 * for as long as it takes: attempts are counted, logged and shown in health, never a reason to stop
 * (ADR 0014; the envelope carries no expiry, so nothing else ends it). A permanent fault, or a delivery,
 * records the final outcome and queues its `delivery.outcome` event in one transaction, so an outcome is
 * never lost nor reported twice. Pending rows survive a restart and are picked up again here.
 */
export class DeliveryWorker {
  private readonly inFlight = new Set<string>();
  /** In-flight deliveries per destination: each destination is its own lane. */
  private readonly lanes = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private afterReplies: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly finishWithEvent;

  constructor(
    private readonly inbox: InboxStore,
    outbox: EventOutbox,
    private readonly destinations: ReadonlyMap<string, Destination>,
    private readonly policy: DeliveryPolicy,
    private readonly log: Logger,
    private readonly onEvent: () => void,
  ) {
    this.finishWithEvent = inbox.database.transaction(
      (row: DueDelivery, attempts: number, result: DeliveryResult) => {
        if (!inbox.finish(row.actionId, result.outcome, result.message)) return false;
        outbox.add(outcomeEvent(row, attempts, result), row.workstationId);
        return true;
      },
    );
  }

  /** Looks for due work now (after a commit, at start-up). */
  wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    setImmediate(() => this.pump());
  }

  /**
   * After a commit: its replies are on their way, and the deliveries start `REPLIES_FIRST_MS` later rather
   * than on the next turn, so this process sleeps first and the reader a reply woke runs before the
   * deliveries' work (ADR 0033). The actions are stored already; only their deliveries wait.
   */
  wakeAfterReplies(): void {
    if (this.stopped || this.afterReplies) return;
    this.afterReplies = setTimeout(() => {
      this.afterReplies = undefined;
      this.wake();
    }, REPLIES_FIRST_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.afterReplies);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    if (this.stopped) return;
    const perDestination = this.policy.concurrency ?? 4;
    let due: DueDelivery[] = [];
    try {
      due = this.inbox.dueDeliveries(Date.now(), perDestination);
    } catch (error) {
      this.log.error({ error: errorText(error) }, 'delivery queue read failed');
    }
    for (const row of due) {
      const busy = this.lanes.get(row.destination) ?? 0;
      if (this.inFlight.has(row.actionId) || busy >= perDestination) continue;
      this.lanes.set(row.destination, busy + 1);
      void this.deliver(row);
    }
    this.armTimer();
  }

  private armTimer(): void {
    if (this.stopped || this.timer) return;
    let next: number | undefined;
    try {
      next = this.inbox.nextDueAt();
    } catch {
      next = Date.now() + 1000;
    }
    if (next === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, Math.min(next - Date.now(), 60_000)),
    );
    this.timer.unref();
  }

  private async deliver(row: DueDelivery): Promise<void> {
    this.inFlight.add(row.actionId);
    const attempt = row.attempts + 1;
    const destination = this.policy.isAllowed(row.destination)
      ? this.destinations.get(row.destination)
      : undefined;
    let result: DeliveryResult;
    if (!destination) {
      result = deliveryFailure(
        'not_allowed',
        `Destination "${row.destination}" is not on this gateway's allow-list now (configuration changed since the message arrived).`,
      );
    } else {
      try {
        result = await destination.deliver({
          actionId: row.actionId,
          actionType: row.actionType as WireActionType,
          parameters: row.parameters,
          destination: row.destination,
          attempt,
        });
      } catch (error) {
        result = deliveryFailure('adapter_error', `Destination threw: ${errorText(error)}`);
      }
    }
    try {
      this.record(row, attempt, result);
    } catch (error) {
      this.log.error({ actionId: row.actionId, error: errorText(error) }, 'delivery outcome not recorded');
    } finally {
      this.inFlight.delete(row.actionId);
      const busy = (this.lanes.get(row.destination) ?? 1) - 1;
      if (busy > 0) this.lanes.set(row.destination, busy);
      else this.lanes.delete(row.destination);
      if (!this.stopped) this.wake();
    }
  }

  private record(row: DueDelivery, attempt: number, result: DeliveryResult): void {
    const fields = {
      actionId: row.actionId,
      destination: row.destination,
      attempt,
      outcome: result.outcome,
      ...(result.outcome === 'delivered' ? {} : { fault: result.fault }),
    };
    if (result.outcome !== 'delivered' && isTransient(result.fault)) {
      const delay = fullJitterDelay(attempt, this.policy.initialBackoffMs, this.policy.maxBackoffMs);
      this.inbox.scheduleRetry(row.actionId, Date.now() + delay, result.message);
      // Every attempt is counted in the row and in health; the log gets attempts 1, 2, 4, 8, … so a
      // day-long outage does not write a line per message every 30 s.
      const level = (attempt & (attempt - 1)) === 0 ? 'warn' : 'debug';
      this.log[level]({ ...fields, retryInMs: delay }, 'delivery failed; will retry');
      return;
    }
    if (!this.finishWithEvent(row, attempt, result)) return;
    this.log[result.outcome === 'delivered' ? 'info' : 'warn'](fields, 'delivery finished');
    this.onEvent();
    // The destination answers again: messages waiting out a backoff for it go now, not up to a cap later.
    if (result.outcome === 'delivered' && this.inbox.hurry(row.destination) > 0) this.wake();
  }
}

function outcomeEvent(row: DueDelivery, attempts: number, result: DeliveryResult): GatewayEvent {
  const accession = row.parameters.accession_number;
  const fault: DeliveryFault | undefined = result.outcome === 'delivered' ? undefined : result.fault;
  return {
    event_id: randomUUID(),
    event_type: 'delivery.outcome',
    timestamp: new Date().toISOString(),
    action_id: row.actionId,
    ...(typeof accession === 'string' ? { accession_number: accession } : {}),
    data: {
      outcome: result.outcome,
      destination: row.destination,
      ...(result.message ? { message: result.message.slice(0, 2000) } : {}),
      ...(fault ? { reason: fault } : {}),
      attempts,
    },
  };
}
