import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { LocalRelay } from 'modality-link-relay';
import { afterEach, expect, it } from 'vitest';
import { createDispatchHarness, todayClinicId } from '../test-support/dispatch-harness';
import { startTestRelay } from '../test-support/test-gateway';
import { spawnGateway } from '../gateway/test/helpers/cli';
import {
  startFhirServer,
  startMllpServer,
  stopGateway,
  writeGatewayConfig,
  type GatewaySetup,
} from './support';

// Events from the modality reach a workstation that was closed while the procedure happened: the
// gateway keeps them until the app reconnects, and the app applies each one once.
let relay: LocalRelay | undefined;
let gateway: ChildProcess | undefined;
let setup: GatewaySetup | undefined;
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  await stopGateway(gateway);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.stop();
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true });
});

function runModality(s: GatewaySetup): Promise<string> {
  const args = [
    '--conditions=source',
    '--import',
    'tsx',
    'gateway/src/modality-sim/cli.ts',
    '--once',
    '--ae',
    'ALPHA_MG1',
  ];
  args.push(
    '--mwl-port',
    String(s.worklistPort),
    '--mwl-ae',
    s.aeTitle,
    '--store-port',
    String(s.storagePort),
    '--store-ae',
    s.storageAeTitle,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`modality-sim exited ${code}: ${output}`)),
    );
  });
}

it('delivers the procedure and images to a workstation that was offline, once each', async () => {
  relay = await startTestRelay(['alpha-gateway']);
  const fhir = await startFhirServer(0);
  const mllp = await startMllpServer(['AA']);
  cleanups.push(fhir.close, mllp.close);
  const first = await createDispatchHarness({ relay });
  const dbFile = first.db.$client.name;
  setup = await writeGatewayConfig({
    relay,
    workstation: { id: first.identity.workstationId, publicKey: first.identity.publicKey },
    fhirUrl: fhir.url,
    mllpPort: mllp.port,
    storage: true,
  });
  first.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey });
  gateway = (await spawnGateway(setup.configFile)).child;
  first.dispatcher.start();
  first.sendAppointments(todayClinicId(), 1);
  await first.waitFor(() => first.rows().every((m) => m.status === 'confirmed'), 'confirmed', 20_000);

  // The workstation closes; the procedure happens while it is away.
  await first.dispatcher.stop();
  first.db.$client.close();
  const output = await runModality(setup);
  expect(output).toMatch(/N-SET COMPLETED: Success/);

  // It comes back on the same database: its session reopens and the gateway's events arrive.
  const second = await createDispatchHarness({ relay, file: dbFile });
  cleanups.push(() => second.close());
  second.dispatcher.start();
  const state = () =>
    (
      second.db.$client
        .prepare('SELECT state FROM appointments WHERE accession_number IS NOT NULL')
        .get() as { state: string }
    ).state;
  const count = (table: string) =>
    (second.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  await second.waitFor(
    () => state() === 'complete' && count('study_images') === 4,
    'the offline procedure to arrive',
    30_000,
  );
  const applied = count('gateway_events');
  const audit = count('audit_events');

  // The gateway re-sends what it has not seen acknowledged; nothing is applied twice.
  await second.dispatcher.stop();
  const third = await createDispatchHarness({ relay, file: dbFile });
  cleanups.push(() => third.close());
  third.dispatcher.start();
  // An echo through the reopened session: anything the gateway pushed on connect came before its reply.
  expect((await third.dispatcher.probe('gateway-alpha', 'echo')).reply?.status).toBe('echo');
  expect(count('study_images')).toBe(4);
  expect(count('gateway_events')).toBe(applied);
  expect(count('audit_events')).toBe(audit);
  expect(state()).toBe('complete');
}, 90_000);
