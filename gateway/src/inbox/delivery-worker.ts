import { randomUUID } from 'node:crypto';
import type { Destination, DeliveryResult } from '../destinations/destination';
import { fullJitterDelay } from '../backoff';
import { errorText, type Logger } from '../logger';
import type { GatewayEvent, WireActionType } from '../../../src/shared/protocol';
import type { EventOutbox } from './event-outbox';
import type { DueDelivery, InboxStore } from './inbox-store';

export interface DeliveryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Deliveries in flight at once (different actions; the same action is never in flight twice). */
  concurrency?: number;
}

/**
 * Takes accepted `message.deliver` actions from the inbox and hands them to their destination after the
 * reply has gone out. Retries retryable failures with full-jitter backoff up to `maxAttempts`, then
 * records a final outcome and queues a `delivery.outcome` event in the same transaction, so an outcome
 * is never lost nor reported twice. Pending rows survive a restart and are picked up again here.
 */
export class DeliveryWorker {
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
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
      (row: DueDelivery, state: 'delivered' | 'rejected' | 'failed', message: string | undefined) => {
        if (!inbox.finish(row.actionId, state, message)) return false;
        outbox.add(outcomeEvent(row, state, message), row.workstationId);
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

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    if (this.stopped) return;
    const room = (this.policy.concurrency ?? 4) - this.inFlight.size;
    if (room > 0) {
      let due: DueDelivery[] = [];
      try {
        due = this.inbox
          .dueDeliveries(Date.now(), room + this.inFlight.size)
          .filter((d) => !this.inFlight.has(d.actionId))
          .slice(0, room);
      } catch (error) {
        this.log.error({ error: errorText(error) }, 'delivery queue read failed');
      }
      for (const row of due) void this.deliver(row);
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
    const destination = this.destinations.get(row.destination);
    let result: DeliveryResult;
    if (!destination) {
      result = {
        outcome: 'failed',
        message: `Destination "${row.destination}" is no longer configured.`,
        retryable: false,
      };
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
        result = { outcome: 'failed', message: `Destination threw: ${errorText(error)}`, retryable: true };
      }
    }
    try {
      this.record(row, attempt, result);
    } catch (error) {
      this.log.error({ actionId: row.actionId, error: errorText(error) }, 'delivery outcome not recorded');
    } finally {
      this.inFlight.delete(row.actionId);
      if (!this.stopped) this.wake();
    }
  }

  private record(row: DueDelivery, attempt: number, result: DeliveryResult): void {
    const fields = { actionId: row.actionId, destination: row.destination, attempt, outcome: result.outcome };
    if (result.outcome === 'failed' && result.retryable && attempt < this.policy.maxAttempts) {
      const delay = fullJitterDelay(attempt, this.policy.initialBackoffMs, this.policy.maxBackoffMs);
      this.inbox.scheduleRetry(row.actionId, Date.now() + delay, result.message);
      this.log.warn({ ...fields, retryInMs: delay }, 'delivery failed; will retry');
      return;
    }
    const state = result.outcome;
    if (this.finishWithEvent(row, state, result.message)) {
      this.log.info(fields, 'delivery finished');
      this.onEvent();
    }
  }
}

function outcomeEvent(
  row: DueDelivery,
  outcome: 'delivered' | 'rejected' | 'failed',
  message: string | undefined,
): GatewayEvent {
  const accession = row.parameters.accession_number;
  return {
    event_id: randomUUID(),
    event_type: 'delivery.outcome',
    timestamp: new Date().toISOString(),
    action_id: row.actionId,
    ...(typeof accession === 'string' ? { accession_number: accession } : {}),
    data: { outcome, destination: row.destination, ...(message ? { message: message.slice(0, 2000) } : {}) },
  };
}
