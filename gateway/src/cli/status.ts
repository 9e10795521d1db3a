import { get } from 'node:http';
import { readRawConfig } from '../config/load';
import type { HealthReport } from '../monitoring/health-report';
import { MONITOR_HOST } from '../monitoring/monitor-server';
import { configPath, out, type ParsedArgs } from './args';

/** Exit codes in the Nagios plugin convention: 0 OK, 1 WARNING (degraded), 2 CRITICAL (down). */
export const STATUS_EXIT = { healthy: 0, degraded: 1, down: 2 } as const;

type Fetched = { report: HealthReport } | { error: string };

function fetchHealth(port: number, timeoutMs: number): Promise<Fetched> {
  return new Promise((resolve) => {
    const req = get({ host: MONITOR_HOST, port, path: '/health', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve({ report: JSON.parse(body) as HealthReport });
        } catch {
          resolve({ error: `unexpected answer (HTTP ${res.statusCode ?? 0})` });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/**
 * `status [--json]`: asks the running service (its loopback monitoring endpoint) how it is, one line per
 * check; exits 0 healthy, 1 degraded, 2 down (not running, or monitoring off). Unlike `check` it proves
 * nothing itself and binds no ports, so it works while the service runs: the probe for Nagios/Zabbix/SCOM.
 */
export async function statusCommand(args: ParsedArgs): Promise<number> {
  const json = args.options.has('json');
  const { monitoring } = readRawConfig(configPath(args));
  const down = (why: string): number => {
    if (json) out(JSON.stringify({ status: 'down', error: why }));
    else out(`DOWN: ${why}`);
    return STATUS_EXIT.down;
  };
  if (!monitoring.enabled)
    return down('the monitoring endpoint is off (set monitoring.enabled: true and restart the service)');
  const fetched = await fetchHealth(monitoring.port, 5000);
  if ('error' in fetched)
    return down(
      `no answer from ${MONITOR_HOST}:${monitoring.port} (${fetched.error}): is the gateway running?`,
    );
  const { report } = fetched;
  if (json) {
    out(JSON.stringify(report, null, 2));
  } else {
    for (const check of report.checks) out(`${check.ok ? 'OK  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    const failing = report.checks.filter((c) => !c.ok).length;
    out(
      report.status === 'healthy'
        ? `healthy (gateway ${report.version})`
        : `degraded: ${failing} check(s) failing`,
    );
  }
  return STATUS_EXIT[report.status];
}
