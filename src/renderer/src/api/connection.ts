import { buildApi, type Api } from '#shared/ipc/contract';
import { openEventStream, type LiveStatus } from './event-stream';
import { createHttpInvoke } from './http-invoke';

/**
 * What screens talk to: the typed api, plus whether live updates are flowing. The transport is
 * chosen once, at start-up: Electron's preload exposes `window.api`; in a plain browser (the web
 * host) we build the same object over HTTP and a WebSocket.
 */
export interface Connection {
  api: Api;
  host: 'electron' | 'web';
  /** Fires when the event stream (re)opens after a gap; screens refetch because events were missed. */
  onReconnect(listener: () => void): () => void;
  onStatus(listener: (status: LiveStatus) => void): () => void;
  status(): LiveStatus;
}

/** The web host hands each page its token in the query string (routing uses the hash, so it survives). */
export function readToken(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && token.trim() !== '' ? token : null;
}

export function eventsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?${new URLSearchParams({ token }).toString()}` : '';
  return `${scheme}//${location.host}/events${query}`;
}

const noop = () => () => {};

function electronConnection(api: Api): Connection {
  // IPC events cannot drop while the window lives, so there is never anything to catch up on.
  return { api, host: 'electron', onReconnect: noop, onStatus: noop, status: () => 'live' };
}

/**
 * Whether the web host still takes this page's token: a 401 means it was restarted (new token), so
 * this tab can never reconnect; no answer means it is down or restarting, which a retry may outlive.
 */
export async function checkAccess(
  token: string | null,
  fetchImpl: typeof fetch = (input, init) => window.fetch(input, init),
): Promise<'ok' | 'refused' | 'unreachable'> {
  try {
    const response = await fetchImpl('/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: '{}',
      cache: 'no-store',
    });
    return response.status === 401 ? 'refused' : 'ok';
  } catch {
    return 'unreachable';
  }
}

function webConnection(location: Location): Connection {
  const token = readToken(location.search);
  const stream = openEventStream({ url: eventsUrl(location, token), checkAccess: () => checkAccess(token) });
  const api = buildApi(createHttpInvoke({ token }), (listener) => stream.subscribe(listener));
  return {
    api,
    host: 'web',
    onReconnect: (listener) => stream.onReconnect(listener),
    onStatus: (listener) => stream.onStatus(listener),
    status: () => stream.status(),
  };
}

export function createConnection(target: Window = window): Connection {
  return target.api ? electronConnection(target.api) : webConnection(target.location);
}
