import {
  buildConnectUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  type LocalRelay,
} from 'modality-link-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTinyproxy, type TestProxy } from '../../../test-support/tinyproxy';
import {
  SEND_KEY,
  startTestGateway,
  startTestRelay,
  type TestGateway,
} from '../../../test-support/test-gateway';
import { DeliveryFailure } from './delivery-failure';
import { openRelaySocket } from './open-relay-socket';
import type { RelayEndpoint } from './relay-endpoint';
import { relayProxyFor } from './relay-proxy';

/**
 * The app's sender (hyco-ws's ws 1.1.5) behind a clinic's outbound proxy: a real tinyproxy between it and
 * the local relay, chosen by MODALITY_LINK_PROXY or the system's proxy variables.
 */
describe('relay sender through an outbound proxy', () => {
  const ENTITY = 'proxied';
  let relay: LocalRelay;
  let gateway: TestGateway;
  const proxies: TestProxy[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    relay = await startTestRelay([ENTITY]);
    gateway = await startTestGateway({ relay, entity: ENTITY });
  });
  afterEach(async () => {
    for (const key of ['MODALITY_LINK_PROXY', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await gateway.close();
    await relay.stop();
  });

  const proxy = async (options: Parameters<typeof startTinyproxy>[0] = {}): Promise<TestProxy> => {
    const started = await startTinyproxy(options);
    proxies.push(started);
    return started;
  };
  const endpoint = (): RelayEndpoint => {
    const base = parseRelayBase(relay.url);
    return {
      url: buildConnectUrl(base, ENTITY, { query: { profile: 'poc-five' } }),
      token: () => createSasToken(resourceUriFor(base, ENTITY), 'send', SEND_KEY, 600),
    };
  };
  const open = async () => {
    const socket = await openRelaySocket(endpoint(), 'Test gateway', 3000);
    socket.close();
  };

  it('connects through MODALITY_LINK_PROXY, credentials included', async () => {
    const p = await proxy({ basicAuth: { user: 'clinic', password: 'pc-pw' } });
    process.env.MODALITY_LINK_PROXY = `http://clinic:pc-pw@127.0.0.1:${p.port}`;
    await open();
    expect(p.tunnels()).toBe(1);
  });

  it('uses HTTP_PROXY for a ws:// relay unless MODALITY_LINK_PROXY says none', async () => {
    const p = await proxy();
    process.env.HTTP_PROXY = p.url;
    await open();
    expect(p.tunnels()).toBe(1);
    process.env.MODALITY_LINK_PROXY = 'none';
    await open();
    expect(p.tunnels()).toBe(1);
  });

  it('a refusing proxy is "relay unreachable", naming the proxy but not the password', async () => {
    const p = await proxy({ connectPorts: [443] });
    process.env.MODALITY_LINK_PROXY = `http://clinic:pc-pw@127.0.0.1:${p.port}`;
    const failure = await openRelaySocket(endpoint(), 'Test gateway', 3000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect((failure as DeliveryFailure).phase).toBe('relay_unreachable');
    expect((failure as DeliveryFailure).message).toContain(
      `proxy 127.0.0.1:${p.port} (from MODALITY_LINK_PROXY, as clinic) refused the tunnel (403`,
    );
    expect((failure as DeliveryFailure).message).not.toContain('pc-pw');
  });

  it('takes https_proxy for an Azure (wss) relay and honours NO_PROXY', () => {
    const env = { https_proxy: 'http://proxy.trust:3128', NO_PROXY: '.internal' };
    const azure = 'wss://clinic-ns.servicebus.windows.net:443/$hc/gw?sb-hc-action=connect';
    expect(relayProxyFor(azure, env)?.proxy.host).toBe('proxy.trust:3128');
    expect(relayProxyFor('wss://relay.internal/$hc/gw', env)).toBeUndefined();
  });
});
