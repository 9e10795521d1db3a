import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  channels,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_PREFIX,
  type Channel,
  type IpcResult,
} from '#shared/ipc/contract';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { dispatchCall } from './dispatch';
import type { HandlerTable } from './handlers';
import { isAppUrl } from '../window';

/**
 * Registers one `ipcMain.handle` per contract channel. Each call is checked to come from the app's own
 * page in the main frame before its input is even parsed: a stray iframe or a navigated-away page gets
 * `forbidden`.
 */
export function registerIpc(options: {
  ipcMain: IpcMain;
  ctx: ServiceContext;
  handlers: HandlerTable;
  log: Logger;
  rendererUrl: string;
}): () => void {
  const { ipcMain, ctx, handlers, log, rendererUrl } = options;
  for (const channel of Object.keys(channels) as Channel[]) {
    ipcMain.handle(
      IPC_INVOKE_PREFIX + channel,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcResult<unknown>> => {
        if (!isTrustedSender(event, rendererUrl)) {
          log.warn({ channel }, 'ipc call from an untrusted sender refused');
          return {
            ok: false,
            error: { kind: 'forbidden', message: 'This window may not call Modality Link.' },
          };
        }
        return dispatchCall(ctx, handlers, log, channel, input);
      },
    );
  }
  return () => {
    for (const channel of Object.keys(channels)) ipcMain.removeHandler(IPC_INVOKE_PREFIX + channel);
  };
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  rendererUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, rendererUrl);
}

/** Pushes every service event to a window until it is destroyed. */
export function forwardEvents(ctx: ServiceContext, contents: WebContents): () => void {
  const unsubscribe = ctx.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
