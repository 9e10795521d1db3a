import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { LocalRelay } from 'modality-link-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDispatchHarness, todayClinicId } from '../test-support/dispatch-harness';
import { startTestRelay } from '../test-support/test-gateway';
import { exited, spawnGateway } from '../gateway/test/helpers/cli';
import { findscu, step } from '../gateway/test/dicom/dcmtk';
import { startFhirServer, startMllpServer, writeGatewayConfig, type GatewaySetup } from './support';

// The production contract from both ends at once: the app speaking `nhs-gateway/1` (UTC scheduled
// times, worklist only) to this project's gateway with that profile turned on, and DCMTK's findscu as
// the modality. Summer time is where the two conventions part: what the modality shows must be the
// clinic's own wall-clock time, including an appointment whose UTC date is the day before.
let relay: LocalRelay;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
let fhir: Awaited<ReturnType<typeof startFhirServer>>;
let mllp: Awaited<ReturnType<typeof startMllpServer>>;
let setup: GatewaySetup;
let gateway: ChildProcess | undefined;

beforeAll(async () => {
  relay = await startTestRelay(['alpha-gateway']);
  fhir = await startFhirServer(0);
  mllp = await startMllpServer(['AA']);
  harness = await createDispatchHarness({ relay });
  setup = await writeGatewayConfig({
    relay,
    workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
    fhirUrl: fhir.url,
    mllpPort: mllp.port,
    profiles: {
      'nhs-gateway/1': {
        enabled: true,
        actions: ['worklist.create_item', 'worklist.update_status', 'echo', 'health'],
      },
    },
  });
  harness.pointGateway({ profile: 'nhs-gateway/1', ackTimeoutSeconds: 10 });
  gateway = (await spawnGateway(setup.configFile)).child;
}, 60_000);

afterAll(async () => {
  gateway?.kill('SIGTERM');
  if (gateway) await exited(gateway);
  await harness?.close();
  await relay?.stop();
  await fhir?.close();
  await mllp?.close();
  if (setup) fs.rmSync(setup.dir, { recursive: true, force: true });
});

it('an appointment booked in British Summer Time reaches the modality at its clinic time, across midnight too', async () => {
  const clinicId = todayClinicId();
  // 09:00 and 00:30 on 15 June 2027 in London: 08:00 UTC that day, and 23:30 UTC the day before.
  const moveSlot = (appointment: number, startsAt: string) =>
    harness.db.$client
      .prepare(
        `UPDATE clinic_slots SET starts_at = ? WHERE id = (SELECT slot_id FROM appointments WHERE id = ?)`,
      )
      .run(startsAt, `${clinicId}-appt-${appointment}`);
  moveSlot(1, '2027-06-15T08:00:00.000Z');
  moveSlot(2, '2027-06-14T23:30:00.000Z');

  harness.dispatcher.start();
  harness.sendAppointments(clinicId, 2);
  await harness.waitFor(
    () => harness.rows().length === 2 && harness.rows().every((m) => m.status === 'confirmed'),
    'both worklist orders confirmed',
    30_000,
  );
  // The production contract carries worklist orders only: the gateway's FHIR and HL7 routes were left out.
  expect(harness.rows().map((m) => m.type)).toEqual(['WORKLIST', 'WORKLIST']);
  const accessions = harness.db.$client
    .prepare(`SELECT id, accession_number AS acc FROM appointments WHERE id IN (?, ?)`)
    .all(`${clinicId}-appt-1`, `${clinicId}-appt-2`) as Array<{ id: string; acc: string }>;
  const accessionOf = (n: number) => accessions.find((a) => a.id === `${clinicId}-appt-${n}`)!.acc;

  const found = await findscu({ port: setup.worklistPort, calledAe: setup.aeTitle }, [
    'AccessionNumber',
    'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20270615',
    'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime',
  ]);
  const shown = new Map(
    found.responses.map((r) => [
      r.AccessionNumber,
      `${String(step(r).ScheduledProcedureStepStartDate)} ${String(step(r).ScheduledProcedureStepStartTime)}`,
    ]),
  );
  expect(shown.get(accessionOf(1))).toBe('20270615 090000');
  expect(shown.get(accessionOf(2))).toBe('20270615 003000');
}, 60_000);
