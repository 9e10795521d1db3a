import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentForTarget,
  bypassesProxy,
  describeProxy,
  openTunnel,
  parseProxyUrl,
  proxyAgent,
  ProxyConfigError,
  ProxyError,
  proxyForTarget,
} from '../src/index.js';
import { makeTestCert, type TestCert } from './tls-helpers.js';
import { listenOnLoopback } from '../../test-support/free-port.js';
import { startTinyproxy, type TestProxy } from '../../test-support/tinyproxy.js';

describe('which proxy a target uses', () => {
  const env = {
    https_proxy: 'http://secure.proxy:3128',
    HTTP_PROXY: 'plain.proxy:8080',
    NO_PROXY: '.nhs.internal, 10.1.2.3, relay.local:9000',
  };

  it('takes https_proxy for wss/https and HTTP_PROXY for ws/http, lowercase first', () => {
    expect(proxyForTarget('wss://ns.servicebus.windows.net/$hc/x', undefined, env)?.proxy.host).toBe(
      'secure.proxy:3128',
    );
    expect(proxyForTarget('ws://127.0.0.1:5000/', undefined, env)?.proxy.host).toBe('plain.proxy:8080');
    expect(
      proxyForTarget('wss://a.example/', undefined, { ...env, HTTPS_PROXY: 'http://upper:1' })?.source,
    ).toBe('https_proxy');
    expect(proxyForTarget('wss://a.example/', undefined, {})).toBeUndefined();
  });

  it('connects directly to NO_PROXY hosts, domain suffixes and host:port entries', () => {
    expect(proxyForTarget('https://fhir.nhs.internal/fhir', undefined, env)).toBeUndefined();
    expect(proxyForTarget('https://nhs.internal/', undefined, env)).toBeUndefined();
    expect(proxyForTarget('wss://10.1.2.3/', undefined, env)).toBeUndefined();
    expect(proxyForTarget('ws://relay.local:9000/', undefined, env)).toBeUndefined();
    expect(proxyForTarget('ws://relay.local:9001/', undefined, env)).toBeDefined();
    expect(proxyForTarget('https://notnhs.internal.example/', undefined, env)).toBeDefined();
    expect(bypassesProxy(new URL('wss://anything/'), ['*'])).toBe(true);
  });

  it('prefers the explicit setting; "none" ignores the environment', () => {
    const explicit = { url: 'http://config.proxy:9', username: 'svc', password: 's3cret', noProxy: [] };
    const rule = proxyForTarget('https://fhir.nhs.internal/', explicit, env);
    expect(rule?.proxy.host).toBe('config.proxy:9');
    expect(rule?.auth).toEqual({ username: 'svc', password: 's3cret' });
    expect(proxyForTarget('wss://x.example/', { url: 'none' }, env)).toBeUndefined();
  });

  it('names a proxy without ever showing its password', () => {
    const rule = parseProxyUrl('http://svc%40trust:p%40ss@proxy.trust:3128', 'HTTPS_PROXY');
    expect(rule.auth).toEqual({ username: 'svc@trust', password: 'p@ss' });
    expect(rule.proxy.href).toBe('http://proxy.trust:3128/');
    expect(describeProxy(rule)).toBe('proxy.trust:3128 (from HTTPS_PROXY, as svc@trust)');
    expect(describeProxy(rule)).not.toContain('p@ss');
    expect(() => parseProxyUrl('https://proxy:3128', 'config')).toThrow(ProxyConfigError);
  });
});

describe('CONNECT through a real tinyproxy', () => {
  const proxies: TestProxy[] = [];
  let echo: net.Server;
  let echoPort: number;
  let cert: TestCert;

  beforeAll(async () => {
    echo = net.createServer((socket) => socket.pipe(socket));
    echoPort = await listenOnLoopback(echo);
    cert = makeTestCert();
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => echo.close(() => resolve()));
    cert.dispose();
  });

  const proxy = async (options: Parameters<typeof startTinyproxy>[0] = {}): Promise<TestProxy> => {
    const started = await startTinyproxy(options);
    proxies.push(started);
    return started;
  };

  async function echoThrough(tunnel: net.Socket): Promise<string> {
    tunnel.write('ping');
    const data = await new Promise<Buffer>((resolve) => tunnel.once('data', resolve));
    tunnel.destroy();
    return data.toString();
  }

  it('tunnels a TCP connection, and the proxy saw it', async () => {
    const p = await proxy();
    const tunnel = await openTunnel(parseProxyUrl(p.url, 'test'), '127.0.0.1', echoPort);
    expect(await echoThrough(tunnel)).toBe('ping');
    expect(p.tunnels()).toBe(1);
  });

  it('reports a refused tunnel with the proxy status (403)', async () => {
    const p = await proxy({ connectPorts: [443] });
    const error = await openTunnel(parseProxyUrl(p.url, 'test'), '127.0.0.1', echoPort).catch((e) => e);
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('refused the tunnel');
    expect(p.tunnels()).toBe(0);
  });

  it('sends basic credentials; without them the proxy answers 407', async () => {
    const p = await proxy({ basicAuth: { user: 'svc', password: 'pw-123' } });
    const without = await openTunnel(parseProxyUrl(p.url, 'test'), '127.0.0.1', echoPort).catch((e) => e);
    expect(without.status).toBe(407);
    expect(without.message).toContain('refused the credentials');
    expect(without.message).not.toContain('pw-123');
    const withCreds = parseProxyUrl(`http://svc:pw-123@127.0.0.1:${p.port}`, 'test');
    expect(await echoThrough(await openTunnel(withCreds, '127.0.0.1', echoPort))).toBe('ping');
    const wrong = await openTunnel(
      parseProxyUrl(`http://svc:nope@127.0.0.1:${p.port}`, 't'),
      '127.0.0.1',
      echoPort,
    ).catch((e) => e);
    expect(wrong.status).toBe(401);
    expect(wrong.message).toContain('refused the credentials');
  });

  it('carries HTTP and verified HTTPS requests through the agent', async () => {
    const p = await proxy();
    const handler: http.RequestListener = (_req, res) => res.end('hello');
    const plain = http.createServer(handler);
    const secure = https.createServer({ cert: cert.cert, key: cert.key }, handler);
    const plainPort = await listenOnLoopback(plain);
    const securePort = await listenOnLoopback(secure);
    const get = (url: string, agent: http.Agent | undefined, mod: typeof http | typeof https) =>
      new Promise<string>((resolve, reject) => {
        mod
          .get(url, { agent }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    try {
      const plainUrl = `http://127.0.0.1:${plainPort}/`;
      const secureUrl = `https://localhost:${securePort}/`;
      const rule = parseProxyUrl(p.url, 'test');
      expect(await get(plainUrl, proxyAgent(rule, plainUrl), http)).toBe('hello');
      expect(await get(secureUrl, proxyAgent(rule, secureUrl, { ca: cert.cert }), https)).toBe('hello');
      // Still verified inside the tunnel: without the test CA the certificate is refused.
      await expect(get(secureUrl, proxyAgent(rule, secureUrl), https)).rejects.toThrow(
        /self-signed|certificate/,
      );
      expect(p.tunnels()).toBe(3);
      // The environment route picks the same proxy; NO_PROXY leaves the connection direct.
      expect(agentForTarget(plainUrl, undefined, { http_proxy: p.url })).toBeInstanceOf(http.Agent);
      expect(
        agentForTarget(plainUrl, undefined, { http_proxy: p.url, no_proxy: '127.0.0.1' }),
      ).toBeUndefined();
    } finally {
      plain.close();
      secure.close();
    }
  });
});
