import { events, type EventName } from '#shared/ipc/contract';

/**
 * The web host's event WebSocket, kept open for the life of the page. It reconnects with backoff
 * when it drops and tells screens each time it opens, because events sent while it was closed are
 * lost: they must refetch rather than trust what they show. That includes the first open, since a
 * screen's first load can finish before the socket is up.
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';
export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventStream {
  subscribe(listener: EventListener): () => void;
  onReconnect(listener: () => void): () => void;
  onStatus(listener: (status: LiveStatus) => void): () => void;
  status(): LiveStatus;
  close(): void;
}

/** The subset of the browser WebSocket we use, so tests can supply a fake. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface EventStreamOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
  /**
   * Asked when the socket will not open: whether the app still accepts this page at all. A restarted
   * web host has a new access token, so an old tab can never reconnect; it then says so ('ended')
   * instead of promising a reconnect. Without it, the stream simply keeps trying.
   */
  checkAccess?: () => Promise<'ok' | 'refused' | 'unreachable'>;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Exponential backoff with jitter, so many workstations do not all reconnect in the same instant. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** One text frame `{"event": "...", "payload": {...}}`, checked against the contract's schema. */
export function parseEventFrame(data: unknown): { event: EventName; payload: unknown } | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { event, payload } = frame as { event?: unknown; payload?: unknown };
  if (!isEventName(event)) return null;
  const parsed = events[event].safeParse(payload);
  return parsed.success ? { event, payload: parsed.data } : null;
}

export function openEventStream(options: EventStreamOptions): EventStream {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const setTimer = options.setTimer ?? ((callback, ms) => window.setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => window.clearTimeout(handle as number));
  const random = options.random ?? Math.random;

  const listeners = new Set<EventListener>();
  const reconnectListeners = new Set<() => void>();
  const statusListeners = new Set<(status: LiveStatus) => void>();
  let status: LiveStatus = 'connecting';
  let socket: SocketLike | null = null;
  let failedAttempts = 0;
  let missedEvents = true;
  let closed = false;
  let timer: unknown = null;

  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const connect = () => {
    timer = null;
    const current = createSocket(options.url);
    socket = current;
    current.onopen = () => {
      failedAttempts = 0;
      setStatus('live');
      if (missedEvents) {
        missedEvents = false;
        for (const listener of reconnectListeners) listener();
      }
    };
    current.onmessage = (message) => {
      const frame = parseEventFrame(message.data);
      if (!frame) return;
      for (const listener of listeners) listener(frame.event, frame.payload);
    };
    current.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    current.onclose = () => {
      if (closed || socket !== current) return;
      socket = null;
      // Whether it dropped or never opened, screens may have loaded data we got no events for.
      missedEvents = true;
      setStatus('reconnecting');
      const retry = () => {
        timer = setTimer(connect, reconnectDelay(failedAttempts++, random));
      };
      if (!options.checkAccess) return retry();
      void options.checkAccess().then(
        (access) => {
          if (closed) return;
          if (access === 'refused') setStatus('ended');
          else retry();
        },
        () => !closed && retry(),
      );
    };
  };

  connect();

  const add = <T>(set: Set<T>, item: T) => {
    set.add(item);
    return () => void set.delete(item);
  };
  return {
    subscribe: (listener) => add(listeners, listener),
    onReconnect: (listener) => add(reconnectListeners, listener),
    onStatus: (listener) => add(statusListeners, listener),
    status: () => status,
    close: () => {
      closed = true;
      if (timer !== null) clearTimer(timer);
      socket?.close();
      socket = null;
    },
  };
}
