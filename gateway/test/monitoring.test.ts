import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { countEvent, renderMetrics } from '#gateway/monitoring/metrics';
import { exited, runCli, spawnGateway } from './helpers/cli';
import { writeTestConfig } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { findscu } from './dicom/dcmtk';
import type { ChildProcess } from 'node:child_process';

function fetchText(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    }).on('error', reject);
  });
}

describe('metrics exposition', () => {
  it('renders counters with escaped labels and sampled values, skipping unreadable ones', async () => {
    countEvent('replies', { status: 'ok' });
    countEvent('replies', { status: 'ok' });
    countEvent('replies', { status: 'we"ird\\' });
    const text = await renderMetrics([
      { name: 'relay_listener_up', help: 'up', type: 'gauge', read: () => 1 },
      { name: 'broken', help: 'throws', type: 'gauge', read: () => Promise.reject(new Error('x')) },
      { name: 'absent', help: 'no watchdog', type: 'counter', read: () => undefined },
    ]);
    expect(text).toContain('# TYPE modality_link_gateway_replies_total counter\n');
    expect(text).toContain('modality_link_gateway_replies_total{status="ok"} 2\n');
    expect(text).toContain('modality_link_gateway_replies_total{status="we\\"ird\\\\"} 1\n');
    expect(text).toContain(
      '# TYPE modality_link_gateway_relay_listener_up gauge\nmodality_link_gateway_relay_listener_up 1\n',
    );
    expect(text).not.toContain('broken');
    expect(text).not.toContain('absent');
  });
});

describe('status and /metrics against the running gateway', () => {
  const children: ChildProcess[] = [];
  const relays: TestRelay[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await Promise.all(relays.splice(0).map((r) => r.relay.stop()));
  });

  it('healthy (0), degraded when the relay goes (1), down when the service stops (2); metrics count C-FINDs', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const [monitorPort, mwlPort] = [await freePort(), await freePort()];
    const setup = await writeTestConfig(relay, {
      destinations: [],
      allowed_destinations: undefined,
      monitoring: { enabled: true, port: monitorPort },
      log: { level: 'info' }, // spawnGateway waits for the "listener connected" line
      worklist: { enabled: true, host: '127.0.0.1', port: mwlPort, ae_title: 'MONITORED' },
    });
    const status = (...extra: string[]) => runCli(['status', ...extra, '--config', setup.configFile]);
    const gateway = await spawnGateway(setup.configFile);
    children.push(gateway.child);

    const healthy = await status();
    expect(healthy.stdout).toMatch(/^OK {3}relay listener: listening for \d+ s$/m);
    expect(healthy.stdout).toMatch(new RegExp(`^OK {3}worklist port: listening on port ${mwlPort}$`, 'm'));
    expect(healthy.stdout).toMatch(/^OK {3}disk: [\d.]+ GiB free/m);
    expect(healthy.stdout).toMatch(/^healthy \(gateway .+\)$/m);
    expect(healthy.code).toBe(0);
    const asJson = JSON.parse((await status('--json')).stdout) as { status: string; checks: unknown[] };
    expect(asJson.status).toBe('healthy');
    expect(asJson.checks.length).toBeGreaterThanOrEqual(4);

    expect((await findscu({ port: mwlPort, calledAe: 'MONITORED' }, ['AccessionNumber=NONE'])).code).toBe(0);
    const metrics = await fetchText(monitorPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.body).toContain('modality_link_gateway_cfind_total{outcome="answered"} 1\n');
    expect(metrics.body).toContain('# TYPE modality_link_gateway_cfind_seconds summary\n');
    expect(metrics.body).toMatch(/^modality_link_gateway_cfind_seconds_sum 0\.\d+(e-\d+)?$/m);
    expect(metrics.body).toContain('modality_link_gateway_cfind_seconds_count 1\n');
    expect(metrics.body).toContain('modality_link_gateway_cstore_seconds_count 0\n');
    expect(metrics.body).toContain('modality_link_gateway_relay_listener_up 1\n');
    expect(metrics.body).toContain('modality_link_gateway_relay_connects_total 1\n');
    expect(metrics.body).toContain('modality_link_gateway_watchdog_misses_total 0\n');
    expect(metrics.body).toContain('modality_link_gateway_worklist_items 0\n');
    expect(metrics.body).toMatch(/^modality_link_gateway_data_disk_free_bytes \d+$/m);

    await relay.relay.stop();
    let degraded = await status();
    for (let i = 0; i < 50 && degraded.code !== 1; i += 1) degraded = await status();
    expect(degraded.stdout).toMatch(/^FAIL relay listener: (backoff|connecting) /m);
    expect(degraded.stdout).toMatch(/^degraded: 1 check\(s\) failing$/m);
    expect(degraded.code).toBe(1);
    expect((await fetchText(monitorPort, '/health')).status).toBe(503);
    expect((await fetchText(monitorPort, '/metrics')).body).toContain(
      'modality_link_gateway_relay_listener_up 0\n',
    );

    gateway.child.kill('SIGTERM');
    expect((await exited(gateway.child)).code).toBe(0);
    const down = await status();
    expect(down.stdout).toMatch(
      new RegExp(`^DOWN: no answer from 127\\.0\\.0\\.1:${monitorPort} \\(ECONNREFUSED\\)`),
    );
    expect(down.code).toBe(2);
  }, 90_000);

  it('says down, exit 2, when monitoring is off', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const setup = await writeTestConfig(relay);
    const result = await runCli(['status', '--config', setup.configFile]);
    expect(result.stdout).toBe(
      'DOWN: the monitoring endpoint is off (set monitoring.enabled: true and restart the service)\n',
    );
    expect(result.code).toBe(2);
  });
});
