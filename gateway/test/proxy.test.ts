import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startTinyproxy, type TestProxy } from '../../test-support/tinyproxy';
import { loadConfig } from '#gateway/config/load';
import { startGateway, type RunningGateway } from '#gateway/gateway';
import { silentLogger } from '#gateway/logger';
import { worklistStore } from '#gateway/worklist/binding';
import { runCli } from './helpers/cli';
import { writeTestConfig } from './helpers/config';
import { FakeDestination } from './helpers/fake-destination';
import { until } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * The gateway behind a trust's outbound proxy: every relay connection (hyco-ws control channel and
 * rendezvous, the watchdog's sender, `check`) goes through a real tinyproxy by HTTP CONNECT.
 */
describe('gateway through an outbound proxy', () => {
  let relay: TestRelay;
  const proxies: TestProxy[] = [];
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.stop()));
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await relay.relay.stop();
  });

  const proxy = async (options: Parameters<typeof startTinyproxy>[0] = {}): Promise<TestProxy> => {
    const started = await startTinyproxy(options);
    proxies.push(started);
    return started;
  };

  async function start(configFile: string): Promise<RunningGateway> {
    const sink = new FakeDestination('test-sink');
    const gateway = await startGateway(loadConfig(configFile), {
      log: silentLogger(),
      worklist: worklistStore,
      destinations: new Map([[sink.name, sink]]),
    });
    gateways.push(gateway);
    return gateway;
  }

  it('listens, accepts and echoes with every relay connection tunnelled through the proxy', async () => {
    const p = await proxy();
    const setup = await writeTestConfig(relay, { proxy: { url: p.url } });
    const gateway = await start(setup.configFile);
    await until(() => gateway.supervisor.state === 'listening');
    expect(p.tunnels()).toBe(1); // the control channel
    // The watchdog's probe: its sender goes through the proxy, and so does the listener's rendezvous.
    expect(await gateway.watchdog!.probe()).toBe(true);
    expect(p.tunnels()).toBe(3);
    expect(relay.relay.listeners().length).toBe(1);
  });

  it('keeps retrying, with the proxy named, while the proxy refuses the relay port', async () => {
    const p = await proxy({ connectPorts: [443] });
    const setup = await writeTestConfig(relay, { proxy: { url: p.url } });
    const gateway = await start(setup.configFile);
    await until(() => gateway.supervisor.attempts >= 2);
    expect(gateway.supervisor.state).not.toBe('listening');
    expect(gateway.supervisor.lastError).toContain(`proxy 127.0.0.1:${p.port} (from config)`);
    expect(gateway.supervisor.lastError).toContain('refused the tunnel (403');
    expect(p.tunnels()).toBe(0);
  });

  it('sends the configured credentials (password from a secret reference)', async () => {
    const p = await proxy({ basicAuth: { user: 'gw-svc', password: 'pr0xy-pw' } });
    const setup = await writeTestConfig(relay, {
      proxy: { url: p.url, username: 'gw-svc', password: 'file:proxy.pw' },
    });
    writeFileSync(join(setup.dir, 'proxy.pw'), 'pr0xy-pw\n', { mode: 0o600 });
    const gateway = await start(setup.configFile);
    await until(() => gateway.supervisor.state === 'listening');
    expect(p.tunnels()).toBe(1);
  });

  it('check names the proxy from the environment and proves CONNECT; a refusing proxy fails it', async () => {
    const good = await proxy();
    const setup = await writeTestConfig(relay, { destinations: [], allowed_destinations: undefined });
    const passed = await runCli(['check', '--config', setup.configFile], { HTTP_PROXY: good.url });
    const relayTarget = new URL(relay.relay.url).host;
    expect(passed.stdout).toContain(
      `PASS proxy: 127.0.0.1:${good.port} (from HTTP_PROXY): CONNECT to ${relayTarget} succeeded`,
    );
    expect(passed.stdout).toMatch(/^PASS relay echo: /m);
    expect(passed.code, passed.stdout).toBe(0);
    expect(good.tunnels()).toBeGreaterThanOrEqual(4); // proof, control channel, sender, rendezvous

    // --json: the same results as one document, for monitoring agents.
    const json = await runCli(['check', '--json', '--config', setup.configFile], { HTTP_PROXY: good.url });
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<Record<string, string>> };
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'proxy')).toEqual({
      name: 'proxy',
      status: 'pass',
      detail: `127.0.0.1:${good.port} (from HTTP_PROXY): CONNECT to ${relayTarget} succeeded`,
    });
    expect(json.code).toBe(0);

    const refusing = await proxy({ connectPorts: [443] });
    const failed = await runCli(['check', '--config', setup.configFile], { HTTP_PROXY: refusing.url });
    expect(failed.stdout).toMatch(
      /^FAIL proxy: proxy 127\.0\.0\.1:\d+ \(from HTTP_PROXY\) refused the tunnel \(403/m,
    );
    expect(failed.stdout).toMatch(/^FAIL relay listen: /m);
    expect(failed.code).toBe(1);

    // NO_PROXY wins over HTTP_PROXY: direct, and check says so.
    const direct = await runCli(['check', '--config', setup.configFile], {
      HTTP_PROXY: refusing.url,
      NO_PROXY: '127.0.0.1',
    });
    expect(direct.stdout).toMatch(/^SKIP proxy: none/m);
    expect(direct.code).toBe(0);
    // Four runs of the CLI, each a relay round trip: ~15 s alone, more on a loaded machine.
  }, 60_000);

  it('never logs the proxy password', async () => {
    const p = await proxy({ basicAuth: { user: 'gw-svc', password: 'pr0xy-pw' } });
    const setup = await writeTestConfig(relay, { log: { level: 'debug' } });
    const result = await runCli(['check', '--config', setup.configFile], {
      HTTP_PROXY: `http://gw-svc:pr0xy-pw@127.0.0.1:${p.port}`,
    });
    expect(result.stdout).toContain(`PASS proxy: 127.0.0.1:${p.port} (from HTTP_PROXY, as gw-svc)`);
    expect(result.stdout + result.stderr).not.toContain('pr0xy-pw');
  });
});
