import { describe, expect, it, vi } from 'vitest';
import { channels, IPC_INVOKE_PREFIX } from '#shared/ipc/contract';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../test-support/test-app';
import { registerIpc } from './register-electron';

type Handler = (
  event: { senderFrame: { url: string; parent: unknown } | null },
  input: unknown,
) => Promise<unknown>;

// A stand-in for Electron's ipcMain: the binary cannot run on the build machines.
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

const APP_URL = 'file:///opt/modality-link/out/renderer/index.html';

describe('Electron IPC registration', () => {
  it('registers one handler per contract channel and removes them all', () => {
    const ipcMain = fakeIpcMain();
    const app = createTestApp();
    const unregister = registerIpc({ ipcMain: ipcMain as never, ...app, rendererUrl: APP_URL });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      Object.keys(channels)
        .map((c) => IPC_INVOKE_PREFIX + c)
        .sort(),
    );
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('serves the app page and refuses any other sender before reading its input', async () => {
    const ipcMain = fakeIpcMain();
    const app = createTestApp();
    registerIpc({ ipcMain: ipcMain as never, ...app, rendererUrl: APP_URL });
    const checkIn = ipcMain.handlers.get(`${IPC_INVOKE_PREFIX}appointments.checkIn`)!;

    const refused = await checkIn(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { appointmentId: FIRST_APPOINTMENT_ID },
    );
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'This window may not call Modality Link.' },
    });
    const framed = await checkIn(
      { senderFrame: { url: `${APP_URL}#/clinics`, parent: {} } },
      { appointmentId: FIRST_APPOINTMENT_ID },
    );
    expect(framed).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    const served = await checkIn(
      { senderFrame: { url: `${APP_URL}#/clinics`, parent: null } },
      { appointmentId: FIRST_APPOINTMENT_ID },
    );
    expect(served).toMatchObject({ ok: true, value: { id: FIRST_APPOINTMENT_ID, state: 'checked_in' } });
  });
});
