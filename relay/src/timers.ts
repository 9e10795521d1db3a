/** Node timers overflow past 2^31-1 ms (~24.8 days) and fire at once; SAS tokens often live longer. */
const MAX_DELAY = 2_147_483_647;

export interface Cancel {
  (): void;
}

/** Runs `fn` at wall-clock time `atMs`, however far away, re-arming in steps the timer API can hold. */
export function runAt(atMs: number, fn: () => void): Cancel {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const delay = atMs - Date.now();
    if (delay <= 0) {
      timer = undefined;
      fn();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY));
    timer.unref();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}

/** Trims a WebSocket close reason to the 123 bytes a close frame can carry, on a character boundary. */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= 123) return text;
  let out = text;
  while (Buffer.byteLength(out) > 120) out = out.slice(0, -1);
  return `${out}...`;
}
