import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConnectUrl, buildListenUrl, withToken, type LocalRelay } from '../src/index.js';
import {
  ENTITY_KEY,
  LISTEN_KEY,
  ROOT_KEY,
  SEND_KEY,
  RawListener,
  base,
  expectDrained,
  expectStatus,
  handshake,
  startTestRelay,
  tokenFor,
  waitFor,
} from './helpers.js';

let relay: LocalRelay;
const cleanup: Array<() => void> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) c();
  await expectDrained(relay);
  await relay.stop();
});

const header = (token: string) => ({ headers: { ServiceBusAuthorization: token } });

async function withListener(entity = 'gateway'): Promise<RawListener> {
  const l = await RawListener.open(relay, entity, tokenFor(relay, entity));
  cleanup.push(() => l.close());
  return l;
}

function expired(entity: string): string {
  const sr = encodeURIComponent(`http://127.0.0.1/${entity}`);
  const se = Math.floor(Date.now() / 1000) - 5;
  const sig = createHmac('sha256', ROOT_KEY).update(`${sr}\n${se}`).digest('base64');
  return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=RootManageSharedAccessKey`;
}

describe('handshake refusals', () => {
  it('refuses malformed URLs with 404 and a missing or unknown action with 400', async () => {
    relay = await startTestRelay();
    const root = relay.url;
    const token = header(tokenFor(relay, undefined));
    expect(await expectStatus(`${root}/gateway?sb-hc-action=connect`, token)).toMatchObject({ status: 404 });
    expect(await expectStatus(`${root}/$hc/?sb-hc-action=connect`, token)).toMatchObject({ status: 404 });
    expect(await expectStatus(`${root}/$hc/%E0%A4%A?sb-hc-action=connect`, token)).toMatchObject({
      status: 404,
    });
    expect(await expectStatus(`${root}/$hc/gateway?x=%E0%A4%A&sb-hc-action=connect`, token)).toMatchObject({
      status: 404,
    });
    expect(await expectStatus(`${root}/$hc/nowhere?sb-hc-action=connect`, token)).toMatchObject({
      status: 404,
    });
    expect(await expectStatus(`${root}/$hc/gateway`, token)).toMatchObject({ status: 400 });
    expect(await expectStatus(`${root}/$hc/gateway?sb-hc-action=`, token)).toMatchObject({ status: 400 });
    const unknown = await expectStatus(`${root}/$hc/gateway?sb-hc-action=dance`, token);
    expect(unknown.status).toBe(400);
    expect(unknown.reason).toMatch(
      /dance.*TrackingId:[\w-]+, SystemTracker:test-ns\.servicebus\.windows\.net/,
    );
  });

  it('refuses missing, malformed, forged and expired tokens with 401', async () => {
    relay = await startTestRelay();
    await withListener();
    const url = buildConnectUrl(base(relay), 'gateway');
    expect(await expectStatus(url)).toMatchObject({ status: 401 });
    expect(await expectStatus(url, header('SharedAccessSignature garbage'))).toMatchObject({ status: 401 });
    expect(await expectStatus(url, header('Bearer abc.def'))).toMatchObject({ status: 401 });
    expect(await expectStatus(withToken(url, 'SharedAccessSignature sr=&sig=&se=&skn='))).toMatchObject({
      status: 401,
    });
    const forged = tokenFor(relay, 'gateway', 'RootManageSharedAccessKey', LISTEN_KEY);
    expect(await expectStatus(url, header(forged))).toMatchObject({ status: 401 });
    expect(await expectStatus(url, header(expired('gateway')))).toMatchObject({
      status: 401,
      reason: expect.stringMatching(/Expired/),
    });
    // An entity-level rule is unknown on any other entity.
    const other = buildListenUrl(base(relay), 'other');
    expect(
      await expectStatus(other, header(tokenFor(relay, 'other', 'gateway-listen', ENTITY_KEY))),
    ).toMatchObject({ status: 401 });
  });

  it('refuses tokens for another scope or without the right with 403', async () => {
    relay = await startTestRelay();
    await withListener();
    const url = buildConnectUrl(base(relay), 'gateway');
    expect(await expectStatus(url, header(tokenFor(relay, 'other')))).toMatchObject({ status: 403 });
    expect(await expectStatus(url, header(tokenFor(relay, 'gate')))).toMatchObject({ status: 403 });
    expect(
      await expectStatus(url, header(tokenFor(relay, 'gateway', 'listen-only', LISTEN_KEY))),
    ).toMatchObject({ status: 403 });
    const listenUrl = buildListenUrl(base(relay), 'gateway');
    expect(
      await expectStatus(listenUrl, header(tokenFor(relay, 'gateway', 'send-only', SEND_KEY))),
    ).toMatchObject({ status: 403 });
    const foreign = await import('../src/index.js').then((m) =>
      m.createSasToken(
        'http://elsewhere.servicebus.windows.net/gateway',
        'RootManageSharedAccessKey',
        ROOT_KEY,
        60,
      ),
    );
    expect(await expectStatus(url, header(foreign))).toMatchObject({ status: 403 });
  });

  it('accepts tokens in the query string, in either header, and for the namespace name or the whole namespace', async () => {
    relay = await startTestRelay();
    const l = await withListener();
    const { createSasToken } = await import('../src/index.js');
    const url = buildConnectUrl(base(relay), 'gateway');
    const tokens = [
      withToken(url, tokenFor(relay, 'gateway', 'send-only', SEND_KEY)),
      withToken(
        url,
        createSasToken('http://test-ns.servicebus.windows.net/gateway', 'send-only', SEND_KEY, 60),
      ),
      withToken(
        url,
        createSasToken('https://TEST-NS.servicebus.windows.net:443/', 'send-only', SEND_KEY, 60),
      ),
    ];
    for (const tokenUrl of tokens) {
      const outcome = await handshake(tokenUrl);
      expect('open' in outcome).toBe(true);
      if ('open' in outcome) outcome.open.close();
    }
    const viaAuthorization = await handshake(url, { headers: { Authorization: tokenFor(relay, 'gateway') } });
    expect('open' in viaAuthorization).toBe(true);
    if ('open' in viaAuthorization) viaAuthorization.open.close();
    // The credential never reaches the listener.
    for (const notice of l.accepts) {
      expect(notice.address).not.toMatch(/sb-hc-token|SharedAccessSignature/);
      expect(Object.keys(notice.connectHeaders).map((h) => h.toLowerCase())).not.toContain('authorization');
    }
  });

  it('answers 404 without listeners and 403 beyond the listener limit', async () => {
    relay = await startTestRelay({ maxListenersPerEntity: 2 });
    const url = buildConnectUrl(base(relay), 'gateway');
    const none = await expectStatus(url, header(tokenFor(relay, 'gateway')));
    expect(none).toMatchObject({ status: 404, reason: expect.stringMatching(/no listeners connected/) });
    await withListener();
    await withListener();
    const third = await expectStatus(
      buildListenUrl(base(relay), 'gateway'),
      header(tokenFor(relay, 'gateway')),
    );
    expect(third).toMatchObject({ status: 403, reason: expect.stringMatching(/QuotaExceeded/) });
  });

  it('refuses invalid WebSocket handshakes with 400 and plain HTTP with 501', async () => {
    relay = await startTestRelay();
    await withListener();
    const path = `/$hc/gateway?sb-hc-action=connect&sb-hc-token=${encodeURIComponent(tokenFor(relay, 'gateway'))}`;
    const raw = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: relay.port, path, headers });
        req.on('upgrade', (_res, socket) => {
          socket.destroy();
          resolve(101);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' };
    expect(await raw(upgrade)).toBe(400); // no key
    expect(await raw({ ...upgrade, 'Sec-WebSocket-Key': 'short' })).toBe(400);
    expect(
      await raw({
        ...upgrade,
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '7',
      }),
    ).toBe(400);
    expect(await raw({})).toBe(501);
  });

  it('refuses a listener on a path suffix', async () => {
    relay = await startTestRelay();
    const url = `${relay.url}/$hc/gateway/extra?sb-hc-action=listen`;
    expect(await expectStatus(url, header(tokenFor(relay, 'gateway')))).toMatchObject({ status: 404 });
  });

  it('answers arbitrary request targets with an HTTP status and keeps working (the relay never crashes)', async () => {
    relay = await startTestRelay();
    await withListener();
    const token = encodeURIComponent(tokenFor(relay, 'gateway'));
    const chars = /^[A-Za-z0-9%$&=?/._~+-]{0,40}$/;
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(chars), fc.stringMatching(chars), async (path, query) => {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request({
            host: '127.0.0.1',
            port: relay.port,
            path: `/$hc/${path}?${query}&sb-hc-token=${token}`,
            headers: {
              Connection: 'Upgrade',
              Upgrade: 'websocket',
              'Sec-WebSocket-Version': '13',
              'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            },
          });
          req.on('upgrade', (_res, socket) => {
            socket.destroy();
            resolve(101);
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
        expect([101, 400, 401, 403, 404]).toContain(status);
      }),
      { numRuns: 60 },
    );
    // Only the listener's control channel remains: every refused socket was closed.
    await waitFor(() => {
      const c = relay.counters();
      return c.sockets === 1 && c.listeners === 1 && c.pendingAccepts === 0 && c.bridges === 0;
    }, 'refused sockets to close');
    const ok = await handshake(buildConnectUrl(base(relay), 'gateway'), header(tokenFor(relay, 'gateway')));
    expect('open' in ok).toBe(true);
    if ('open' in ok) {
      expect(ok.open.readyState).toBe(WebSocket.OPEN);
      ok.open.close();
    }
  });
});
