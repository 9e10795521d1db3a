import type { GatewayConfig } from '../config/load';
import type { RunningGateway } from '../gateway';
import { diskCheck } from '../health';
import type { SampledMetric } from './metrics';

/**
 * The values /metrics reads from the running gateway at scrape time: state the supervisor, watchdog and
 * database already keep, so nothing in those parts had to change to be measured.
 */
export function gatewayMetrics(gateway: RunningGateway, config: GatewayConfig): SampledMetric[] {
  const count = (sql: string) => () => (gateway.db.prepare(sql).get() as { n: number }).n;
  const free = (path: string) => async () => (await diskCheck(path)).free_bytes;
  return [
    {
      name: 'relay_listener_up',
      help: '1 while the relay control channel is connected',
      type: 'gauge',
      read: () => (gateway.supervisor.state === 'listening' ? 1 : 0),
    },
    {
      name: 'relay_connects_total',
      help: 'Relay control-channel connection attempts (the first, then each reconnect)',
      type: 'counter',
      read: () => gateway.supervisor.attempts,
    },
    {
      name: 'relay_listener_restarts_total',
      help: 'Listener restarts forced by the watchdog (zombie listener)',
      type: 'counter',
      read: () => gateway.supervisor.restarts,
    },
    {
      name: 'watchdog_probes_total',
      help: 'Self-echo probes sent through the relay',
      type: 'counter',
      read: () => gateway.watchdog?.probes,
    },
    {
      name: 'watchdog_misses_total',
      help: 'Self-echo probes that did not come back',
      type: 'counter',
      read: () => gateway.watchdog?.misses,
    },
    {
      name: 'inbox_pending',
      help: 'Actions in the inbox not yet delivered',
      type: 'gauge',
      read: count(`SELECT COUNT(*) AS n FROM inbox_actions WHERE delivery_state = 'pending'`),
    },
    {
      name: 'worklist_items',
      help: 'Items in the modality worklist',
      type: 'gauge',
      read: count('SELECT COUNT(*) AS n FROM worklist_items'),
    },
    {
      name: 'data_disk_free_bytes',
      help: 'Free bytes on the data folder',
      type: 'gauge',
      read: free(config.dataDir),
    },
    ...(config.raw.storage.enabled
      ? [
          {
            name: 'image_disk_free_bytes',
            help: 'Free bytes on the image folder',
            type: 'gauge' as const,
            read: free(config.storageDir),
          },
        ]
      : []),
  ];
}
