import type { EventName, EventPayload } from '#shared/ipc/contract';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** In-process fan-out of typed events to every connected window or browser. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
