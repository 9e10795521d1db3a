import { describe, expect, it } from 'vitest';
import { lockDownSession, permissionAllowed } from './session-security';

type RequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean;

// A stand-in Session that records the handlers, since the Electron binary cannot run here.
function lockedDown(devServerUrl?: string) {
  const handlers: { request?: RequestHandler; check?: CheckHandler; device?: (d: unknown) => boolean } = {};
  lockDownSession(
    {
      setPermissionRequestHandler: (h: unknown) => void (handlers.request = h as RequestHandler),
      setPermissionCheckHandler: (h: unknown) => void (handlers.check = h as CheckHandler),
      setDevicePermissionHandler: (h: unknown) => void (handlers.device = h as (d: unknown) => boolean),
    } as never,
    devServerUrl,
  );
  const request = (permission: string, url: string) => {
    let granted: boolean | undefined;
    handlers.request!(null, permission, (g) => (granted = g), { requestingUrl: url });
    return granted;
  };
  return { request, check: handlers.check!, device: handlers.device! };
}

const APP = 'app://renderer/index.html#/gateways';
const DENIED = [
  'media',
  'geolocation',
  'notifications',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'display-capture',
  'clipboard-read',
  'hid',
  'serial',
  'usb',
  'idle-detection',
  'window-management',
  'storage-access',
  'unknown',
];

describe('Electron session permissions', () => {
  it('grants only clipboard text writes, only to the app page, on request and on check', () => {
    const session = lockedDown();
    expect(session.request('clipboard-sanitized-write', APP)).toBe(true);
    expect(session.check(null, 'clipboard-sanitized-write', 'app://renderer')).toBe(true);
    for (const permission of DENIED) {
      expect(session.request(permission, APP), permission).toBe(false);
      expect(session.check(null, permission, 'app://renderer'), permission).toBe(false);
    }
    for (const origin of ['https://evil.example', 'file:///etc/passwd', 'app://other', 'not a url', ''])
      expect(session.request('clipboard-sanitized-write', origin), origin).toBe(false);
  });

  it('denies every device (HID, serial, USB) permission', () => {
    const session = lockedDown();
    for (const deviceType of ['hid', 'serial', 'usb'])
      expect(session.device({ deviceType, origin: 'app://renderer' })).toBe(false);
  });

  it('treats the dev server as the app only when one is configured', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'http://localhost:5173/#/x')).toBe(false);
    expect(
      permissionAllowed('clipboard-sanitized-write', 'http://localhost:5173/#/x', 'http://localhost:5173/'),
    ).toBe(true);
    expect(lockedDown('http://localhost:5173/').request('media', 'http://localhost:5173/')).toBe(false);
  });
});
