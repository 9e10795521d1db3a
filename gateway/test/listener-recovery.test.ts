import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { action, oneShot, worklistItem } from './helpers/clients';
import { COMPAT_PROFILES_ON, writeTestConfig } from './helpers/config';
import { capturingLogger, startInProcess, until, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function gatewayOn(
  r: TestRelay,
  overrides: Record<string, unknown> = {},
): Promise<InProcessGateway & { lines: string[] }> {
  const setup = await writeTestConfig(r, { profiles: COMPAT_PROFILES_ON, ...overrides });
  const { log, lines } = capturingLogger();
  const gw = await startInProcess(setup.configFile, log);
  cleanups.push(() => gw.gateway.stop());
  return { ...gw, lines };
}

describe('listener watchdog', () => {
  it('detects a zombie listener (relay swallows its accepts), restarts it, and serves the next sender', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.relay.stop());
    const gw = await gatewayOn(r, { watchdog: { interval_seconds: 0.1, timeout_seconds: 0.4 } });
    const { watchdog, supervisor } = gw.gateway;
    await until(() => watchdog!.lastEchoAt !== undefined);
    // The control channel stays open and the relay keeps counting the listener, but no accept reaches it.
    r.relay.faults.swallowAccepts();
    await until(() => supervisor.restarts >= 1);
    expect(watchdog!.misses).toBeGreaterThanOrEqual(1);
    expect(gw.lines.some((l) => l.includes('zombie listener'))).toBe(true);
    r.relay.faults.reset();
    const echoesBefore = watchdog!.lastEchoAt;
    await until(() => supervisor.state === 'listening' && watchdog!.lastEchoAt !== echoesBefore);
    expect(await oneShot(r, action('echo'))).toMatchObject({ status: 'echo' });
    // The retired channel was closed: the relay is down to one listener again.
    await until(() => r.relay.counters().listeners === 1);
  });

  it('recovers from a control channel dropped without a close frame and from the daily forced reconnect', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.relay.stop());
    const gw = await gatewayOn(r);
    const { supervisor } = gw.gateway;
    const before = supervisor.attempts;
    expect(r.relay.faults.dropControlChannels({ abrupt: true })).toBe(1);
    await until(() => supervisor.attempts > before && supervisor.state === 'listening');
    expect(await oneShot(r, action('echo'))).toMatchObject({ status: 'echo' });
    const again = supervisor.attempts;
    r.relay.faults.dropControlChannels({ code: 1001, reason: 'daily restart' });
    await until(() => supervisor.attempts > again && supervisor.state === 'listening');
    expect(r.relay.faults.expireTokensNow()).toBe(1);
    await until(() => supervisor.attempts > again + 1 && supervisor.state === 'listening');
    expect(await oneShot(r, action('echo'))).toMatchObject({ status: 'echo' });
    expect(r.relay.counters().listeners).toBe(1);
  });
});

describe('listener supervisor backoff', () => {
  it('keeps reconnect attempts bounded while the relay is down, and every attempt is its own (no hyco-ws storm)', async () => {
    const r = await startTestRelay();
    const gw = await gatewayOn(r);
    const { supervisor } = gw.gateway;
    const port = r.relay.port;
    await r.relay.stop();
    // Where the relay was, a server that accepts TCP and hangs up: every handshake attempt is counted here.
    let connections = 0;
    const counter: Server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => counter.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => counter.close(() => resolve())));
    const start = supervisor.attempts;
    await until(() => supervisor.attempts >= start + 6, 10_000);
    const observed = supervisor.attempts - start;
    expect(supervisor.state === 'backoff' || supervisor.state === 'connecting').toBe(true);
    // hyco-ws alone retries twice per failure at once; under the supervisor each connection is one attempt.
    expect(connections).toBeLessThanOrEqual(observed + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toBeLessThanOrEqual(supervisor.attempts - start + 1);
  });

  it('gives up on a control-channel handshake that never completes (traffic silently dropped) and retries', async () => {
    const r = await startTestRelay();
    const port = r.relay.port;
    const gw = await gatewayOn(r, { relay: relayWith(r, { connect_timeout_seconds: 0.2 }) });
    const { supervisor } = gw.gateway;
    await r.relay.stop();
    // Accepts TCP and never answers the upgrade: without a handshake timeout ws 1.x would wait forever.
    const held: Socket[] = [];
    const blackhole: Server = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const s of held) s.destroy();
      return new Promise<void>((resolve) => blackhole.close(() => resolve()));
    });
    const start = supervisor.attempts;
    await until(() => supervisor.attempts >= start + 3, 10_000);
    expect(gw.lines.some((l) => l.includes('handshake timed out'))).toBe(true);
  });
});

function relayWith(r: TestRelay, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    endpoint: r.relay.url,
    hybrid_connection: 'gateway',
    listen: { rule: 'gateway-listen', key: 'file:listen.key' },
    send: { rule: 'gateway-send', key: 'file:send.key' },
    backoff: { initial_ms: 50, max_ms: 500 },
    ...extra,
  };
}

describe('logs', () => {
  it('carry ids, states and counts but no patient data or secrets', async () => {
    const r = await startTestRelay();
    cleanups.push(() => r.relay.stop());
    const gw = await gatewayOn(r);
    const create = action('worklist.create_item', { worklist_item: worklistItem('LOGCHECK0001') });
    expect(await oneShot(r, create)).toMatchObject({ status: 'created' });
    const deliver = action('message.deliver', {
      type: 'HL7v2',
      payload: 'PID|||9990001112||SMITH^JANE',
      destination: 'test-sink',
    });
    expect(await oneShot(r, deliver)).toMatchObject({ status: 'accepted' });
    const invalid = action('worklist.create_item', {
      worklist_item: { ...worklistItem('LOGCHECK0002'), participant: { name: 'SMITH^JANE' } },
    });
    expect(await oneShot(r, invalid)).toMatchObject({ status: 'error', code: 'invalid_parameters' });
    await until(() => gw.sink.requests.length === 1);
    await until(() => gw.lines.some((l) => l.includes('delivery finished')));
    const text = gw.lines.join('');
    expect(text).toContain(deliver.action_id);
    for (const secret of ['9990001112', 'SMITH', 'JANE', r.listenKey, r.sendKey])
      expect(text).not.toContain(secret);
  });
});
