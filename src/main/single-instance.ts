/**
 * One desktop app per user: a second launch hands over to the first window and quits, so two
 * dispatchers never work one outbox. (The data-folder lock in startAppServices also covers a web host
 * or another user's launch on the same folder.) Written against the few members of Electron's `app`
 * and `BrowserWindow` it uses, so it is tested without the Electron binary.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** True for the first instance; any later one is told to quit at once. */
export function claimSingleInstance(app: SingleInstanceApp): boolean {
  const first = app.requestSingleInstanceLock();
  if (!first) app.quit();
  return first;
}

/** A later launch brings the first window forward: restored if minimised, shown if hidden, focused. */
export function focusOnSecondLaunch(app: SingleInstanceApp, window: FocusableWindow): void {
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
}
