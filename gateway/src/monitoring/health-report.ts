/**
 * The health body (the same one the `health` action returns through the relay) as one line per check,
 * for `status`, Nagios/Zabbix probes and people: healthy when every check passes, degraded otherwise.
 * "Down" is decided by the caller: no answer from the endpoint at all.
 */
export interface HealthCheckLine {
  name: string;
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  status: 'healthy' | 'degraded';
  version: string;
  checks: HealthCheckLine[];
}

interface DiskFields {
  ok?: boolean;
  free_bytes?: number;
  free_percent?: number;
  error?: string;
}

const gib = (bytes: number | undefined) => `${((bytes ?? 0) / 1024 ** 3).toFixed(1)} GiB`;

function diskLine(name: string, disk: DiskFields | undefined): HealthCheckLine {
  if (!disk) return { name, ok: false, detail: 'not measured' };
  if (disk.error) return { name, ok: false, detail: disk.error };
  const detail = `${gib(disk.free_bytes)} free (${disk.free_percent ?? 0} %)`;
  return { name, ok: disk.ok === true, detail: disk.ok ? detail : `${detail}; need at least 1 GiB and 5 %` };
}

function portLine(name: string, port: { ok?: boolean; port?: number } | undefined): HealthCheckLine {
  return port?.ok
    ? { name, ok: true, detail: `listening on port ${port.port}` }
    : { name, ok: false, detail: 'not listening' };
}

export function healthReport(health: Record<string, unknown>, worklistEnabled: boolean): HealthReport {
  const checks = (health.checks ?? {}) as Record<string, unknown>;
  const lines: HealthCheckLine[] = [];
  const state = String(health.listener_state);
  lines.push({
    name: 'relay listener',
    ok: state === 'listening',
    detail:
      state === 'listening'
        ? `listening for ${String(health.listener_uptime_seconds)} s`
        : `${state} (the relay is unreachable or refusing; see the log)`,
  });
  const echo = health.last_watchdog_echo;
  if (typeof echo === 'string') lines.push({ name: 'watchdog', ok: true, detail: `last echo ${echo}` });
  if (worklistEnabled)
    lines.push(portLine('worklist port', checks.mwl_port as { ok?: boolean; port?: number }));
  if (checks.pacs_port)
    lines.push(portLine('storage port', checks.pacs_port as { ok?: boolean; port?: number }));
  lines.push(diskLine('disk', checks.disk as DiskFields | undefined));
  if (checks.image_disk) lines.push(diskLine('image disk', checks.image_disk as DiskFields));
  const destinations = (checks.destinations ?? {}) as Record<string, { ok: boolean; message: string }>;
  for (const [name, result] of Object.entries(destinations))
    lines.push({ name: `destination ${name}`, ok: result.ok, detail: result.message });
  lines.push({
    name: 'inbox',
    ok: true,
    detail: `${String(health.inbox_depth)} action(s) waiting for delivery`,
  });
  return {
    status: lines.every((l) => l.ok) ? 'healthy' : 'degraded',
    version: String(health.version),
    checks: lines,
  };
}
