import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateLargeClinic } from '../src/main/db/seed/large-clinic';
import { transitionAppointment } from '../src/main/services/appointments/appointments';
import { sendToModality } from '../src/main/services/appointments/send-to-modality';
import { createDispatchHarness, todayClinicId } from '../test-support/dispatch-harness';
import { startTestRelay } from '../test-support/test-gateway';
import { spawnGateway } from '../gateway/test/helpers/cli';
import { findscu } from '../gateway/test/dicom/dcmtk';
import { startFhirServer, startMllpServer, writeGatewayConfig, type GatewaySetup } from './support';

// The desktop app's dispatcher and the real gateway (its CLI, as IT runs it) through the local relay,
// with DCMTK's findscu as the mammography machine reading the worklist.
let relay: LocalRelay;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
let fhir: Awaited<ReturnType<typeof startFhirServer>>;
let mllp: Awaited<ReturnType<typeof startMllpServer>>;
let setup: GatewaySetup;
let gateway: ChildProcess | undefined;

const TOTAL = 300;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

async function startGateway() {
  gateway = (await spawnGateway(setup.configFile)).child;
}

async function killGateway() {
  if (!gateway || gateway.exitCode !== null) return;
  const exited = new Promise((resolve) => gateway!.once('exit', resolve));
  gateway.kill('SIGKILL');
  await exited;
}

beforeEach(async () => {
  relay = await startTestRelay(['alpha-gateway']);
  fhir = await startFhirServer(2);
  mllp = await startMllpServer(['AA', 'AE', 'AR']);
  harness = await createDispatchHarness({ relay });
  setup = await writeGatewayConfig({
    relay,
    workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
    fhirUrl: fhir.url,
    mllpPort: mllp.port,
  });
  harness.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey, ackTimeoutSeconds: 10 });
  await startGateway();
});

afterEach(async () => {
  await killGateway();
  await harness.close();
  await relay.stop();
  await fhir.close();
  await mllp.close();
  fs.rmSync(setup.dir, { recursive: true, force: true });
});

/** MG worklist items from today on (a 600-slot clinic runs over several days). */
const worklist = (keys: string[]) =>
  findscu({ port: setup.worklistPort, calledAe: setup.aeTitle }, [
    'PatientName',
    'AccessionNumber',
    `ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${today.replace(/-/g, '')}-`,
    'ScheduledProcedureStepSequence[0].Modality=MG',
    ...keys,
  ]);

describe('desktop app to gateway', () => {
  it('delivers worklist, FHIR and HL7 orders end to end, and the modality finds the worklist items', async () => {
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 3);
    await harness.waitFor(
      () => harness.rows().every((m) => m.status === 'confirmed'),
      'all nine confirmed',
      30_000,
    );
    await harness.waitFor(
      () => harness.rows().every((m) => m.type === 'WORKLIST' || m.outcome !== null),
      'destination outcomes',
      30_000,
    );

    const rows = harness.rows();
    // FHIR: the server failed the first two attempts; the gateway retried until it took each order.
    expect(rows.filter((m) => m.type === 'FHIR').map((m) => m.outcome)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(fhir.requests.length).toBe(5);
    const accessions = harness.db.$client
      .prepare('SELECT accession_number AS a FROM appointments WHERE accession_number IS NOT NULL')
      .all() as Array<{ a: string }>;
    for (const { a } of accessions)
      expect(fhir.requests.some((r) => r.ifNoneExist?.endsWith(`|${a}`))).toBe(true);
    // HL7 v2: one AA (delivered), one AE and one AR (rejected with the receiver's text).
    const hl7 = rows.filter((m) => m.type === 'HL7v2');
    expect(hl7.map((m) => m.outcome).sort()).toEqual(['delivered', 'rejected', 'rejected']);
    expect(hl7.filter((m) => m.outcome === 'rejected').map((m) => m.failingPhase)).toEqual([
      'destination_failed',
      'destination_failed',
    ]);
    expect(hl7.map((m) => m.lastError ?? '').join(' ')).toMatch(/Unknown procedure code/);
    expect(hl7.map((m) => m.lastError ?? '').join(' ')).toMatch(/Order refused/);

    const found = await worklist([]);
    expect(found.responses.map((r) => r.AccessionNumber).sort()).toEqual(accessions.map((r) => r.a).sort());
    expect(found.responses.map((r) => r.PatientName)).toContain("O'Brien^Margaret");
  });

  it('refuses a destination that is not on the allow-list, and says so without retrying', async () => {
    harness.pointGateway({
      gatewayPublicKey: setup.gatewayKey.publicKey,
      routes: JSON.stringify([{ messageType: 'FHIR', destination: 'not-allowed' }]),
    });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().some((m) => m.status === 'failed'), 'the refusal', 20_000);
    const [message] = harness.rows();
    expect(message).toMatchObject({ status: 'failed', failingPhase: 'rejected', attempts: 1 });
    expect(message!.lastError).toMatch(/^The gateway rejected it: .*not-allowed/);
  });

  it('loses nothing and duplicates nothing when the gateway is killed mid-burst and restarted', async () => {
    // A small window keeps the burst going long enough to kill the gateway in the middle of it.
    await killGateway();
    fs.rmSync(setup.dir, { recursive: true, force: true });
    setup = await writeGatewayConfig({
      relay,
      workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
      fhirUrl: fhir.url,
      mllpPort: mllp.port,
      window: 8,
    });
    await startGateway();
    harness.pointGateway({
      gatewayPublicKey: setup.gatewayKey.publicKey,
      routes: JSON.stringify([{ messageType: 'WORKLIST', destination: 'mwl' }]),
    });
    const clinicId = generateLargeClinic(harness.db, { date: today, appointments: TOTAL });
    // Setting up the clinic is not what is under test: skip its fsyncs.
    harness.db.$client.pragma('synchronous = OFF');
    for (let i = 1; i <= TOTAL; i++) {
      const appointmentId = `${clinicId}-appt-${i}`;
      transitionAppointment(harness.ctx, appointmentId, 'checkIn');
      sendToModality(harness.ctx, appointmentId, 'sendToModality');
    }
    harness.db.$client.pragma('synchronous = FULL');
    harness.dispatcher.start();
    await harness.waitFor(
      () => (harness.statusCounts().confirmed ?? 0) > 0,
      'the first confirmations',
      30_000,
    );
    await killGateway();
    expect(harness.statusCounts().confirmed ?? 0).toBeLessThan(TOTAL);
    await startGateway();
    await harness.waitFor(() => harness.statusCounts().confirmed === TOTAL, 'all confirmed', 60_000);

    const found = await worklist([]);
    const accessions = found.responses.map((r) => r.AccessionNumber);
    expect(accessions).toHaveLength(TOTAL);
    expect(new Set(accessions).size).toBe(TOTAL);
  }, 120_000);
});
