import { statfs } from 'node:fs/promises';
import type { Destination } from './destinations/destination';
import { errorText } from './logger';
import { GATEWAY_VERSION } from './version';

export const MIN_FREE_BYTES = 1024 ** 3;
export const MIN_FREE_PERCENT = 5;

export interface HealthSources {
  gatewayId: string;
  dataDir: string;
  listener(): { state: string; listeningSince: number | undefined; restarts: number };
  lastWatchdogEcho(): number | undefined;
  inboxDepth(): number;
  /** Pending deliveries per destination with their retry counts (attempts are shown, never a limit). */
  pendingDeliveries(): Record<string, { pending: number; retrying: number; most_attempts: number }>;
  outboxDepth(): number;
  sessions(): number;
  /** The MWL SCP's bound port; undefined when it is not running. */
  worklistPort(): number | undefined;
  worklistEnabled: boolean;
  /** The storage SCP's bound port, image folder and what it holds; omitted when storage is off. */
  storage?: {
    port(): number | undefined;
    directory: string;
    images(): { count: number; bytes: number; oldest_received_at: string | null };
    retentionDays: number | undefined;
  };
  destinations: ReadonlyMap<string, Destination>;
  /** How long one destination check may take before it counts as unreachable. */
  checkTimeoutMs?: number;
}

/** What must stay free on a file system for the gateway to count it healthy. */
export interface DiskReserve {
  bytes: number;
  percent: number;
}
export const HEALTHY_RESERVE: DiskReserve = { bytes: MIN_FREE_BYTES, percent: MIN_FREE_PERCENT };

/**
 * Free space on `path`'s file system and whether it keeps `reserve` free, after `incomingBytes` more
 * have been written when given (the storage SCP asks before writing an image).
 */
export async function diskCheck(
  path: string,
  { incomingBytes = 0, reserve = HEALTHY_RESERVE }: { incomingBytes?: number; reserve?: DiskReserve } = {},
): Promise<{ ok: boolean; free_bytes: number; free_percent: number }> {
  const s = await statfs(path);
  const free = s.bavail * s.bsize;
  const percent = s.blocks > 0 ? (s.bavail / s.blocks) * 100 : 0;
  const left = free - incomingBytes;
  const leftPercent = s.blocks > 0 ? (left / (s.blocks * s.bsize)) * 100 : 0;
  return {
    ok: left >= reserve.bytes && leftPercent >= reserve.percent,
    free_bytes: free,
    free_percent: Math.round(percent * 10) / 10,
  };
}

/** The health action's body: production's fields (healthy, version, listener uptime, checks) and ours. */
export async function collectHealth(src: HealthSources): Promise<Record<string, unknown>> {
  const listener = src.listener();
  const now = Date.now();
  const disks = (path: string) =>
    diskCheck(path).catch((error: unknown) => ({ ok: false, error: errorText(error) }));
  const [disk, imageDisk, destinations] = await Promise.all([
    disks(src.dataDir),
    src.storage ? disks(src.storage.directory) : undefined,
    checkDestinations(src.destinations, src.checkTimeoutMs ?? 3000),
  ]);
  const worklistPort = src.worklistPort();
  const storagePort = src.storage?.port();
  const lastEcho = src.lastWatchdogEcho();
  const mwlOk = !src.worklistEnabled || worklistPort !== undefined;
  const storageOk = !src.storage || (storagePort !== undefined && imageDisk?.ok === true);
  const healthy =
    listener.state === 'listening' &&
    disk.ok &&
    mwlOk &&
    storageOk &&
    Object.values(destinations).every((d) => d.ok);
  return {
    healthy,
    version: GATEWAY_VERSION,
    gateway_id: src.gatewayId,
    listener_state: listener.state,
    listener_uptime_seconds: listener.listeningSince ? Math.floor((now - listener.listeningSince) / 1000) : 0,
    listener_restarts: listener.restarts,
    last_watchdog_echo: lastEcho ? new Date(lastEcho).toISOString() : null,
    inbox_depth: src.inboxDepth(),
    pending_deliveries: src.pendingDeliveries(),
    event_outbox_depth: src.outboxDepth(),
    sessions: src.sessions(),
    ...(src.storage
      ? { images: { ...src.storage.images(), retention_days: src.storage.retentionDays ?? null } }
      : {}),
    checks: {
      mwl_port:
        worklistPort === undefined ? { ok: false, listening: false } : { ok: true, port: worklistPort },
      // Production's name for the storage (C-STORE) port; present only when storage is on.
      ...(src.storage
        ? {
            pacs_port:
              storagePort === undefined ? { ok: false, listening: false } : { ok: true, port: storagePort },
            image_disk: imageDisk,
          }
        : {}),
      disk,
      destinations,
    },
  };
}

async function checkDestinations(
  destinations: ReadonlyMap<string, Destination>,
  timeoutMs: number,
): Promise<Record<string, { ok: boolean; message: string }>> {
  const entries = await Promise.all(
    [...destinations.values()].map(async (d) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<{ ok: boolean; message: string }>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, message: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      const result = await Promise.race([
        d.check().catch((e: unknown) => ({ ok: false, message: errorText(e) })),
        timeout,
      ]);
      clearTimeout(timer);
      return [d.name, result] as const;
    }),
  );
  return Object.fromEntries(entries);
}
