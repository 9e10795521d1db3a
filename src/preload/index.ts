import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  buildApi,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_PREFIX,
  type EventName,
  type IpcResult,
} from '#shared/ipc/contract';

// The renderer gets `window.api`, built from the shared contract, and nothing else: no ipcRenderer,
// no way to name a channel the contract does not list.
const api = buildApi(
  (channel, input) => ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, input) as Promise<IpcResult<unknown>>,
  (listener) => {
    const handler = (_event: IpcRendererEvent, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
);

contextBridge.exposeInMainWorld('api', api);
