import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { LocalRelay } from 'modality-link-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rehearsal } from '../src/shared/ipc/rehearsal';
import { createDispatchHarness } from '../test-support/dispatch-harness';
import { startTestRelay } from '../test-support/test-gateway';
import { latestRehearsals } from '../src/main/services/rehearsal/rehearsal-store';
import { rehearseGateway } from '../src/main/services/rehearsal/rehearse-gateway';
import { spawnGateway } from '../gateway/test/helpers/cli';
import { findscu } from '../gateway/test/dicom/dcmtk';
import { startFhirServer, startMllpServer, writeGatewayConfig, type GatewaySetup } from './support';

// The pre-clinic rehearsal end to end (ADR 0025): the app's service, the real relay, the real gateway
// CLI with its worklist and storage, and the modality simulator polling the worklist like a machine.
let relay: LocalRelay;
let setup: GatewaySetup;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
let gateway: ChildProcess | undefined;
let modality: ChildProcess | undefined;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  relay = await startTestRelay(['alpha-gateway']);
  const fhir = await startFhirServer(0);
  const mllp = await startMllpServer(['AA']);
  cleanups.push(fhir.close, mllp.close);
  harness = await createDispatchHarness({ relay });
  setup = await writeGatewayConfig({
    relay,
    workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
    fhirUrl: fhir.url,
    mllpPort: mllp.port,
    storage: true,
    profiles: { 'nhs-gateway/1': { enabled: true } },
  });
  harness.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey, ackTimeoutSeconds: 10 });
  gateway = (await spawnGateway(setup.configFile)).child;
  harness.dispatcher.start();
}, 60_000);

afterAll(async () => {
  modality?.kill('SIGTERM');
  await stopGateway();
  await harness?.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await relay?.stop();
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true });
});

async function stopGateway(): Promise<void> {
  if (!gateway || gateway.exitCode !== null) return;
  const exited = new Promise((resolve) => gateway!.once('exit', resolve));
  gateway.kill('SIGTERM');
  await exited;
}

const rehearse = (waitSeconds: number) =>
  rehearseGateway(harness.ctx, harness.dispatcher, { gatewayId: 'gateway-alpha' }, waitSeconds);
const statuses = (r: Rehearsal) => Object.fromEntries(r.phases.map((p) => [p.phase, p.status]));
const count = (sql: string) => (harness.db.$client.prepare(sql).get() as { n: number }).n;
/** What staff lists are built from: none of it may change because of a rehearsal. */
const realLists = () => ({
  appointments: count("SELECT count(*) AS n FROM appointments WHERE state != 'booked'"),
  participants: count('SELECT count(*) AS n FROM participants'),
  messages: count('SELECT count(*) AS n FROM messages'),
  images: count('SELECT count(*) AS n FROM study_images'),
});
const testItemsOnGateway = () => {
  const db = new Database(path.join(setup.dir, 'data', 'gateway.sqlite'), { readonly: true });
  try {
    return db
      .prepare("SELECT accession_number AS a FROM worklist_items WHERE patient_name = 'TEST^PATIENT'")
      .all();
  } finally {
    db.close();
  }
};

describe('pre-clinic rehearsal', () => {
  it('passes relay, test item and worklist query; a modality that does not take part is not a failure', async () => {
    const before = realLists();
    const result = await rehearse(1);
    expect(statuses(result)).toEqual({
      relay: 'passed',
      worklist_item: 'passed',
      worklist_query: 'passed',
      procedure_started: 'skipped',
      image_back: 'skipped',
      procedure_finished: 'skipped',
      cleanup: 'passed',
    });
    expect(result.outcome).toBe('passed');
    expect(result.phases.find((p) => p.phase === 'image_back')!.message).toBe(
      'Not performed by the modality within 1 s (optional).',
    );
    expect(result.phases.filter((p) => p.status === 'passed').every((p) => typeof p.ms === 'number')).toBe(
      true,
    );
    expect(realLists()).toEqual(before);
    expect(testItemsOnGateway()).toEqual([]);
  });

  it('with a modality polling the worklist: MPPS and images come back, then the test item is gone', async () => {
    modality = spawn(
      process.execPath,
      [
        ...['--conditions=source', '--import', 'tsx', 'gateway/src/modality-sim/cli.ts'],
        ...['--poll-seconds', '1', '--ae', 'ALPHA_MG1', '--mwl-port', String(setup.worklistPort)],
        ...[
          '--mwl-ae',
          setup.aeTitle,
          '--store-port',
          String(setup.storagePort),
          '--store-ae',
          setup.storageAeTitle,
        ],
      ],
      { stdio: 'ignore' },
    );
    const before = realLists();
    const result = await rehearse(60);
    expect(result.summary).toBe('all phases passed');
    expect(result.phases.every((p) => p.status === 'passed')).toBe(true);
    // The events were kept under the test accession, which no appointment has.
    const accession = (
      harness.db.$client
        .prepare(
          "SELECT accession_number AS a FROM gateway_events WHERE event_type = 'study.image_received' LIMIT 1",
        )
        .get() as { a: string }
    ).a;
    expect(accession).toMatch(/^TST[0-9A-F]{12}$/);
    expect(count(`SELECT count(*) AS n FROM appointments WHERE accession_number = '${accession}'`)).toBe(0);
    expect(realLists()).toEqual(before);
    // A modality's own query after the rehearsal: the test participant is not on the worklist.
    const find = await findscu({ port: setup.worklistPort, calledAe: setup.aeTitle }, [
      `AccessionNumber=${accession}`,
    ]);
    expect(find.responses).toHaveLength(0);
    expect(testItemsOnGateway()).toEqual([]);
    modality.kill('SIGTERM');
  }, 120_000);

  it('under nhs-gateway/1 says which phases the protocol cannot do instead of failing them', async () => {
    harness.pointGateway({ profile: 'nhs-gateway/1', ackTimeoutSeconds: 10 });
    await harness.dispatcher.forget('gateway-alpha');
    const result = await rehearse(1);
    expect(result.outcome).toBe('passed');
    expect(result.phases[0]).toMatchObject({ phase: 'relay', status: 'passed' });
    expect(result.phases.slice(1).every((p) => p.status === 'not_available')).toBe(true);
    expect(result.phases[1]!.message).toMatch(/^Not available on this protocol: the production NHS gateway/);
    harness.pointGateway({ profile: 'modality-link/1', ackTimeoutSeconds: 10 });
    await harness.dispatcher.forget('gateway-alpha');
  });

  it('with the worklist service off: the query step fails with what to do, and the test item still goes', async () => {
    await stopGateway();
    const config = parse(fs.readFileSync(setup.configFile, 'utf8')) as { worklist: { enabled: boolean } };
    config.worklist.enabled = false;
    fs.writeFileSync(setup.configFile, stringify(config));
    gateway = (await spawnGateway(setup.configFile)).child;
    await harness.dispatcher.forget('gateway-alpha');

    const result = await rehearse(1);
    expect(statuses(result)).toEqual({
      relay: 'passed',
      worklist_item: 'passed',
      worklist_query: 'failed',
      procedure_started: 'skipped',
      image_back: 'skipped',
      procedure_finished: 'skipped',
      cleanup: 'passed',
    });
    expect(result.summary).toBe('failed at “Worklist query finds the test participant”');
    const query = result.phases.find((p) => p.phase === 'worklist_query')!;
    expect(query.message).toMatch(/worklist \(MWL SCP\) is switched off/);
    expect(query.whatToDo).toMatch(/^The gateway could not query its own worklist\. Call IT/);
    expect(testItemsOnGateway()).toEqual([]);
  }, 60_000);

  it('names the failing phase and what to do when the gateway is stopped, and keeps the result', async () => {
    await stopGateway();
    await harness.dispatcher.forget('gateway-alpha');
    const running = rehearse(1);
    // One rehearsal per gateway at a time.
    await expect(rehearse(1)).rejects.toMatchObject({ kind: 'conflict' });
    const result = await running;
    expect(result.outcome).toBe('failed');
    expect(result.summary).toBe('failed at “Reach the gateway through the relay”');
    expect(result.phases[0]).toMatchObject({ phase: 'relay', status: 'failed' });
    expect(result.phases[0]!.whatToDo).toMatch(/gateway computer is switched on/);
    expect(result.phases.slice(1).every((p) => p.status === 'skipped')).toBe(true);

    expect(latestRehearsals(harness.db)).toEqual([result]);
    const audit = harness.db.$client
      .prepare("SELECT details FROM audit_events WHERE action = 'gateway.rehearse' ORDER BY at DESC LIMIT 1")
      .get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ outcome: 'failed', failedPhase: 'relay' });
  });
});
