import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { claimSingleInstance, focusOnSecondLaunch, type FocusableWindow } from './single-instance';

/** Electron's `app` as far as the lock goes: one lock per user, held by whoever asked first. */
class StandInApp extends EventEmitter {
  quitCalls = 0;
  constructor(private readonly lockFree: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lockFree;
  }
  quit(): void {
    this.quitCalls += 1;
  }
}

function standInWindow(state: { minimized: boolean; destroyed?: boolean }) {
  const calls: string[] = [];
  const window: FocusableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

describe('one desktop app per user', () => {
  it('the first launch keeps running', () => {
    const app = new StandInApp(true);
    expect(claimSingleInstance(app)).toBe(true);
    expect(app.quitCalls).toBe(0);
  });

  it('a second launch quits at once', () => {
    const app = new StandInApp(false);
    expect(claimSingleInstance(app)).toBe(false);
    expect(app.quitCalls).toBe(1);
  });

  it('a second launch restores a minimised first window and focuses it', () => {
    const app = new StandInApp(true);
    const { window, calls } = standInWindow({ minimized: true });
    focusOnSecondLaunch(app, window);
    expect(calls).toEqual([]);
    app.emit('second-instance');
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('a window already on screen is brought forward without a restore', () => {
    const app = new StandInApp(true);
    const { window, calls } = standInWindow({ minimized: false });
    focusOnSecondLaunch(app, window);
    app.emit('second-instance');
    expect(calls).toEqual(['show', 'focus']);
  });

  it('a window closed meanwhile is left alone instead of throwing', () => {
    const app = new StandInApp(true);
    const { window, calls } = standInWindow({ minimized: false, destroyed: true });
    focusOnSecondLaunch(app, window);
    expect(() => app.emit('second-instance')).not.toThrow();
    expect(calls).toEqual([]);
  });
});
