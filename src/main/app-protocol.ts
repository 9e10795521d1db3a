import fs from 'node:fs/promises';
import { contentTypeFor, decodeRequestPath, resolveInside } from './host/static-files';

/**
 * The desktop window loads the renderer from `app://renderer/` rather than `file://` (Electron
 * security checklist item 18): a `file://` page can read any file the user can, and every local file
 * shares its origin. Here the page has an origin of its own and can reach only the files in the built
 * renderer folder.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged`, before `ready`: standard (relative URLs and an origin
 * resolve as for https), secure (a secure context, which the clipboard API needs), CORS-enabled (the
 * built page loads its module script and stylesheet with `crossorigin`, and Chromium allows CORS-mode
 * requests only on such schemes; the handler sends no Access-Control header, so no other origin can
 * read anything). Nothing else: no fetch API, service workers, streaming or CSP bypass.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, corsEnabled: true },
} as const;

/**
 * The window's policy, sent as a header by the protocol handler. In Electron the renderer talks to the
 * main process over IPC only, so it may connect nowhere (`connect-src 'none'`); the page's own meta
 * policy also applies, and the stricter of the two wins.
 */
export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const refusal = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The `app://` protocol handler: GET (or HEAD) of a file that exists inside `rendererDir`, on host
 * `renderer`, and nothing else. Paths are decoded defensively (malformed encodings, encoded
 * separators, control characters and `..` are refused) and resolved through symbolic links, so no
 * request can name a file outside the renderer folder. Every reply carries the CSP.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refusal(400, 'Not a valid app:// address.');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'Unknown host.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Use GET.');
    const segments = decodeRequestPath(url.pathname);
    if (!segments) return refusal(400, 'Malformed path.');
    const file = resolveInside(
      rendererDir,
      segments.length === 1 && segments[0] === '' ? ['index.html'] : segments,
    );
    if (!file) return refusal(404, 'Not found.');
    const body = await fs.readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': ELECTRON_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}
