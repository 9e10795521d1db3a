import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Bytes a sender may send before its handshake completes; more than a stray frame means misbehaviour. */
const EARLY_DATA_LIMIT = 1024 * 1024;

export interface PendingInit {
  key: string;
  id: string;
  entity: string;
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  protocols: string[];
}

export interface PendingConnect extends PendingInit {
  /** `head` plus anything the sender sent while waiting, to hand to the WebSocket once accepted. */
  readonly early: Buffer;
}

interface Entry {
  init: PendingInit;
  chunks: Buffer[];
  size: number;
  timer: NodeJS.Timeout;
  detach(): void;
}

/**
 * Senders whose handshakes are held open until a listener accepts, keyed by the one-use secret in their
 * rendezvous address. An entry leaves the table exactly once: taken by an accept or a rejection, expired,
 * or dropped because the sender went away; so an address can never be used twice.
 */
export class RendezvousTable {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  add(
    init: PendingInit,
    timeoutMs: number,
    onExpire: (p: PendingConnect) => void,
    onGone: (p: PendingInit) => void,
  ): void {
    const { socket } = init;
    const entry: Entry = {
      init,
      chunks: [],
      size: 0,
      timer: setTimeout(() => {
        const taken = this.take(init.key);
        if (taken) onExpire(taken);
      }, timeoutMs),
      detach: () => {
        socket.off('data', onData);
        socket.off('close', onClosed);
        socket.off('end', onClosed);
      },
    };
    const onData = (chunk: Buffer): void => {
      entry.chunks.push(chunk);
      entry.size += chunk.length;
      if (entry.size > EARLY_DATA_LIMIT) socket.destroy();
    };
    const onClosed = (): void => {
      if (this.drop(init.key)) {
        socket.destroy();
        onGone(init);
      }
    };
    socket.on('data', onData);
    socket.on('close', onClosed);
    socket.on('end', onClosed);
    this.entries.set(init.key, entry);
  }

  peek(key: string): PendingInit | undefined {
    return this.entries.get(key)?.init;
  }

  /** Removes the entry and hands over the sender's socket with everything it has sent so far. */
  take(key: string): PendingConnect | undefined {
    const entry = this.entries.get(key);
    if (!entry || !this.drop(key)) return undefined;
    const early = entry.chunks.length ? Buffer.concat([entry.init.head, ...entry.chunks]) : entry.init.head;
    return { ...entry.init, early };
  }

  keys(filter?: (p: PendingInit) => boolean): string[] {
    return [...this.entries.values()].filter((e) => !filter || filter(e.init)).map((e) => e.init.key);
  }

  private drop(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    clearTimeout(entry.timer);
    entry.detach();
    return true;
  }
}
