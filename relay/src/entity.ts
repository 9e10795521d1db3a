import type { ControlChannel } from './control-channel.js';

/**
 * A configured hybrid connection and its listeners. Senders are spread by walking the listeners in a
 * freshly shuffled order each round: random as the service describes, and fair over any round.
 */
export class EntityState {
  readonly listeners = new Set<ControlChannel>();
  private rotation: ControlChannel[] = [];

  constructor(readonly name: string) {}

  pick(): ControlChannel | undefined {
    for (let attempts = 0; attempts < 2; attempts++) {
      while (this.rotation.length > 0) {
        const next = this.rotation.pop() as ControlChannel;
        if (this.listeners.has(next) && next.open) return next;
      }
      this.rotation = shuffle([...this.listeners].filter((l) => l.open));
    }
    return undefined;
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
