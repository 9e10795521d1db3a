import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-protocol';

/**
 * The only permission the app ever uses: writing plain text to the clipboard (copying the
 * workstation's public key for enrolment). Camera, microphone, notifications, geolocation, HID,
 * serial, USB, MIDI, screen capture and every other permission are denied.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Whether `url` (or origin) is the app's own page; the dev server's origin counts in `npm run dev`. */
export function isAppOrigin(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  try {
    const target = new URL(url);
    if (target.protocol === `${APP_SCHEME}:`) return target.host === APP_HOST;
    return devServerUrl !== undefined && target.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

export function permissionAllowed(
  permission: string,
  url: string | undefined,
  devServerUrl?: string,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppOrigin(url, devServerUrl);
}

type SessionHandlers = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Electron grants every permission by default. The request handler (a page asks), the check handler
 * (a page or Chromium queries the current state) and the device handler (WebHID, WebSerial, WebUSB
 * persisted grants) all deny everything but the allow-list, and only to the app's own page.
 */
export function lockDownSession(session: SessionHandlers, devServerUrl?: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, devServerUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, devServerUrl),
  );
  session.setDevicePermissionHandler(() => false);
}
