import { WebSocket, type RawData } from 'ws';
import { markRelayPhase } from './bridge-trace';

/** Above this many bytes queued towards one side, reading from the other side pauses. */
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

/**
 * A sender's socket joined to the listener's rendezvous socket. Messages cross unchanged (text stays text,
 * binary stays binary), close codes and reasons are passed on, and an abrupt drop of one side (1006) drops
 * the other, as the service does. Reading pauses when the far side cannot keep up, so a fast sender cannot
 * make the relay buffer without bound.
 */
export class Bridge {
  private open = 2;

  constructor(
    readonly entity: string,
    readonly id: string,
    private readonly sender: WebSocket,
    private readonly listener: WebSocket,
    private readonly onDone: (bridge: Bridge, senderCode: number, listenerCode: number) => void,
  ) {
    let senderCode = 0;
    let listenerCode = 0;
    const finish = (): void => {
      this.open -= 1;
      if (this.open === 0) onDone(this, senderCode, listenerCode);
    };
    pipe(sender, listener, `${id} to-listener`, (code) => {
      senderCode = code;
      finish();
    });
    pipe(listener, sender, `${id} to-sender`, (code) => {
      listenerCode = code;
      finish();
    });
  }

  /** Closes both sides with a service close code, e.g. 1001 when the entity is removed. */
  close(code: number, reason: string): void {
    for (const ws of [this.sender, this.listener]) {
      if (ws.isPaused) ws.resume();
      if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    }
  }

  /** Bytes accepted from one side and not yet handed to the kernel for the other. */
  get queuedBytes(): number {
    return this.sender.bufferedAmount + this.listener.bufferedAmount;
  }

  /** Destroys both TCP connections without close frames. */
  kill(): void {
    this.sender.terminate();
    this.listener.terminate();
  }
}

function pipe(from: WebSocket, to: WebSocket, label: string, onClosed: (code: number) => void): void {
  const drained = (): void => {
    markRelayPhase('relay.out', label);
    if (from.isPaused && to.bufferedAmount < LOW_WATER) from.resume();
  };
  from.on('message', (data: RawData, isBinary: boolean) => {
    markRelayPhase('relay.in', label);
    if (to.readyState !== WebSocket.OPEN) return;
    to.send(data as Buffer, { binary: isBinary }, drained);
    if (to.bufferedAmount > HIGH_WATER && !from.isPaused) from.pause();
  });
  from.on('error', () => undefined); // 'close' follows with the code that tells what happened
  from.on('close', (code: number, reason: Buffer) => {
    onClosed(code);
    if (to.isPaused) to.resume();
    if (to.readyState === WebSocket.CLOSED) return;
    if (code === 1006) to.terminate();
    else if (to.readyState !== WebSocket.OPEN) return;
    else if (code === 1005) to.close();
    else closeWith(to, code, reason);
  });
}

function closeWith(ws: WebSocket, code: number, reason: Buffer): void {
  try {
    ws.close(code, reason);
  } catch {
    // A code ws will not send (it only emits codes it could also send, but be safe): drop instead.
    ws.terminate();
  }
}
