import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '#shared/ipc/contract';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async () => ({ ok: true, value: 'pong' }));
const listeners = new Map<string, (...args: unknown[]) => void>();

// The real preload module, run against a mocked `electron`: the binary cannot run on the build machines.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

beforeEach(async () => {
  exposed.clear();
  vi.resetModules();
  await import('./index');
});

describe('preload', () => {
  it('exposes window.api and nothing else: no ipcRenderer, no raw channel access', () => {
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(
      [...new Set(Object.keys(channels).map((c) => c.split('.')[0]))].concat('on').sort(),
    );
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
  });

  it('maps each method to its contract channel', async () => {
    const api = exposed.get('api') as { appointments: { checkIn(input: unknown): Promise<unknown> } };
    await expect(api.appointments.checkIn({ appointmentId: 'a1' })).resolves.toEqual({
      ok: true,
      value: 'pong',
    });
    expect(invoke).toHaveBeenCalledWith(`${IPC_INVOKE_PREFIX}appointments.checkIn`, { appointmentId: 'a1' });
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const api = exposed.get('api') as { on(event: string, listener: (payload: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = api.on('message.changed', (payload) => seen.push(payload));
    const emit = listeners.get(IPC_EVENT_CHANNEL)!;
    emit({}, 'appointment.changed', { id: 'x' });
    emit({}, 'message.changed', { id: 'm1' });
    expect(seen).toEqual([{ id: 'm1' }]);
    off();
    expect(listeners.has(IPC_EVENT_CHANNEL)).toBe(false);
  });
});
