import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorText, type Logger } from '../logger';
import type { HealthReport } from './health-report';

export interface MonitorSources {
  health(): Promise<HealthReport>;
  metrics(): Promise<string>;
}

export interface MonitorServer {
  port: number;
  close(): Promise<void>;
}

/** Where `status` and scrapers find the endpoint: loopback only, by design (no authentication on it). */
export const MONITOR_HOST = '127.0.0.1';

/**
 * The loopback-only monitoring endpoint `run` starts: GET /health (the health report as JSON, 200 when
 * healthy, 503 when degraded, so plain HTTP probes work too) and GET /metrics (Prometheus text). It binds
 * 127.0.0.1 only: the health body names destinations and ports, which is for the machine's own agents
 * (Nagios NRPE, Zabbix agent, a Prometheus node-side scrape), not the network.
 */
export function startMonitorServer(
  port: number,
  sources: MonitorSources,
  log: Logger,
): Promise<MonitorServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    const fail = (error: unknown) => {
      log.error({ part: 'monitor', path, error: errorText(error) }, 'monitoring request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error\n');
    };
    if (path === '/health') {
      sources.health().then((report) => {
        res.writeHead(report.status === 'healthy' ? 200 : 503, { 'Content-Type': 'application/json' });
        res.end(`${JSON.stringify(report)}\n`);
      }, fail);
    } else if (path === '/metrics') {
      sources.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
      }, fail);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('try /health or /metrics\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, MONITOR_HOST, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      log.info({ part: 'monitor', host: MONITOR_HOST, port: bound }, 'monitoring endpoint listening');
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
