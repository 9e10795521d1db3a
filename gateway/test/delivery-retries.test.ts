import http from 'node:http';
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameMllp, MllpReader } from '#gateway/destinations/mllp-framing';
import { controlIdOf } from '#gateway/destinations/hl7-ack';
import { action, oneShot, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { outcomeEvents } from './helpers/outcome-events';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { serviceRequest } from './destinations/fixtures';

/**
 * The gateway process with its real FHIR and MLLP adapters against real servers on loopback that fail
 * the way hospital systems do. The config still says `max_attempts: 3` (helpers/config.ts): the FHIR
 * server answers 503 five times, so delivery proves the old limit no longer gives up (ADR 0014).
 */
let r: TestRelay;
let setup: TestSetup;
let child: ChildProcess | undefined;
let gatewayOutput: () => string = () => '';
let fhirServer: http.Server;
let mllpServer: net.Server;
const fhirSeen = new Map<string, number>();
const mllpSeen = new Map<string, number>();

/** Answers by accession: ACCRETRY gets 503 five times then 201; ACCBAD gets 400 every time. */
function fhirAnswer(accession: string, count: number): number {
  if (accession === 'ACCBAD') return 400;
  return count <= 5 ? 503 : 201;
}

beforeAll(async () => {
  r = await startTestRelay();
  const [fhirPort, mllpPort] = [await freePort(), await freePort()];
  fhirServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const accession = /\|(\w+)$/.exec(req.headers['if-none-exist'] as string)?.[1] ?? '';
      const count = (fhirSeen.get(accession) ?? 0) + 1;
      fhirSeen.set(accession, count);
      const status = fhirAnswer(accession, count);
      res.writeHead(status, { 'Content-Type': 'application/fhir+json' });
      res.end(status === 400 ? JSON.stringify({ resourceType: 'OperationOutcome' }) : '');
    });
  });
  // The RIS drops the first connection for each message without a word, then acknowledges it.
  mllpServer = net.createServer((socket) => {
    const reader = new MllpReader();
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const message of reader.push(chunk)) {
        const id = controlIdOf(message) ?? '';
        const count = (mllpSeen.get(id) ?? 0) + 1;
        mllpSeen.set(id, count);
        if (count === 1) socket.destroy();
        else socket.write(frameMllp(`MSH|^~\\&|RIS|H|ML|C|20261127||ACK|A${count}|P|2.4\rMSA|AA|${id}`));
      }
    });
  });
  await new Promise<void>((ok) => fhirServer.listen(fhirPort, '127.0.0.1', ok));
  await new Promise<void>((ok) => mllpServer.listen(mllpPort, '127.0.0.1', ok));
  setup = await writeTestConfig(r, {
    // The tests drive the gateway with one-shot production-profile actions, off by default (ADR 0012).
    profiles: COMPAT_PROFILES_ON,
    destinations: [
      { name: 'ris-fhir', type: 'fhir', base_url: `http://127.0.0.1:${fhirPort}/fhir`, timeout_ms: 2000 },
      { name: 'ris-hl7', type: 'hl7-mllp', host: '127.0.0.1', port: mllpPort, timeout_ms: 2000 },
    ],
    allowed_destinations: ['ris-fhir', 'ris-hl7'],
    log: { level: 'info' },
  });
  const spawned = await spawnGateway(setup.configFile);
  child = spawned.child;
  gatewayOutput = spawned.output;
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await exited(child);
  }
  await new Promise((ok) => fhirServer?.close(ok));
  await new Promise((ok) => mllpServer?.close(ok));
  await r?.relay.stop();
});

describe('gateway delivery under transient and permanent faults', () => {
  it('retries 503s and a dropped MLLP connection until delivered, and fails a 400 at once', async () => {
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const retried = action('message.deliver', {
      type: 'FHIR',
      payload: serviceRequest('ACCRETRY'),
      destination: 'ris-fhir',
    });
    const refused = action('message.deliver', {
      type: 'FHIR',
      payload: serviceRequest('ACCBAD'),
      destination: 'ris-fhir',
    });
    const hl7 = action('message.deliver', {
      type: 'HL7v2',
      payload: 'MSH|^~\\&|ML|CLINIC|RIS|HOSP|20261127093000||ORM^O01|CTRLRETRY|P|2.4\rORC|NW|ACC1',
      destination: 'ris-hl7',
    });
    const ids = [retried.action_id, refused.action_id, hl7.action_id];
    await s.sendActions([retried, refused, hl7]);
    const replies = await s.replies(ids);
    for (const id of ids) expect(replies.get(id)).toEqual({ status: 'accepted', action_id: id });

    const events = await outcomeEvents(s, ids);
    expect(events.get(retried.action_id)?.data).toEqual({
      outcome: 'delivered',
      destination: 'ris-fhir',
      message: 'ServiceRequest created (HTTP 201 Created)',
      attempts: 6,
    });
    expect(fhirSeen.get('ACCRETRY')).toBe(6);
    expect(events.get(refused.action_id)?.data).toEqual({
      outcome: 'rejected',
      destination: 'ris-fhir',
      message: 'HTTP 400 Bad Request',
      reason: 'http_refused',
      attempts: 1,
    });
    expect(fhirSeen.get('ACCBAD')).toBe(1);
    expect(events.get(hl7.action_id)?.data).toEqual({
      outcome: 'delivered',
      destination: 'ris-hl7',
      message: 'ACK AA',
      attempts: 2,
    });
    expect(mllpSeen.get('CTRLRETRY')).toBe(2);
    s.close();

    // Nothing is left pending, and health counts per destination only what is still waiting.
    const health = (await oneShot(r, action('health'))) as { health: Record<string, unknown> };
    expect(health.health).toMatchObject({ inbox_depth: 0, pending_deliveries: {} });
    expect(gatewayOutput()).toContain('delivery.max_attempts is ignored');
  });
});
