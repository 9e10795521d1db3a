import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { proxyForTarget } from 'modality-link-relay';
import { listenOnLoopback } from '../../../test-support/free-port';
import { startTinyproxy, type TestProxy } from '../../../test-support/tinyproxy';
import type { Destination } from '#gateway/destinations/destination';
import { createDestinations } from '#gateway/destinations/destination-registry';
import { deliverRequest, serviceRequest } from './fixtures';
import { isTransient, type DeliveryFailure } from '#gateway/destinations/delivery-faults';

/** The FHIR destination built by the registry, with the environment's proxy, against a real tinyproxy. */
describe('FHIR destination through an outbound proxy', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function fhirServer(): Promise<{ baseUrl: string; posts: () => number }> {
    let posts = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        posts += 1;
        res.writeHead(201, { Location: `http://127.0.0.1/fhir/ServiceRequest/${posts}` }).end();
      });
    });
    const port = await listenOnLoopback(server);
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    return { baseUrl: `http://127.0.0.1:${port}/fhir`, posts: () => posts };
  }

  async function destinationVia(proxy: TestProxy, baseUrl: string): Promise<Destination> {
    cleanups.push(() => proxy.stop());
    const env = { http_proxy: proxy.url };
    const destinations = createDestinations(
      [{ name: 'trust-fhir', type: 'fhir', base_url: baseUrl, timeout_ms: 3000 }],
      { db: undefined as never, baseDir: '.', proxyFor: (target) => proxyForTarget(target, undefined, env) },
    );
    const destination = destinations.get('trust-fhir')!;
    cleanups.push(() => destination.close());
    return destination;
  }

  it('posts through one kept-alive tunnel', async () => {
    const server = await fhirServer();
    const proxy = await startTinyproxy();
    const destination = await destinationVia(proxy, server.baseUrl);
    const request = deliverRequest('FHIR', serviceRequest());
    expect(await destination.deliver(request)).toMatchObject({ outcome: 'delivered' });
    expect(await destination.deliver({ ...request, attempt: 2 })).toMatchObject({ outcome: 'delivered' });
    expect(server.posts()).toBe(2);
    expect(proxy.tunnels()).toBe(1);
  });

  it('a refusing proxy is a retryable failure that names the proxy', async () => {
    const server = await fhirServer();
    const proxy = await startTinyproxy({ connectPorts: [443] });
    const destination = await destinationVia(proxy, server.baseUrl);
    const result = await destination.deliver(deliverRequest('FHIR', serviceRequest()));
    expect(result).toMatchObject({ outcome: 'failed' });
    // Retryable: a proxy refusing the tunnel says nothing about the order (ADR 0014's table).
    expect(isTransient((result as DeliveryFailure).fault)).toBe(true);
    expect(result.message).toContain(
      `proxy 127.0.0.1:${proxy.port} (from http_proxy) refused the tunnel (403`,
    );
    expect(server.posts()).toBe(0);
  });
});
