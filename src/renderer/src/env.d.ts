import type { Api } from '#shared/ipc/contract';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a plain browser, where the web transport is used. */
    api?: Api;
  }
}

export {};
