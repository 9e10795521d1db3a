import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { OutboxStore, type Settlement } from '../src/main/outbox/outbox-store';
import { createDispatchHarness, todayClinicId } from '../test-support/dispatch-harness';
import { startTestRelay } from '../test-support/test-gateway';
import { spawnGateway } from '../gateway/test/helpers/cli';
import { findscu } from '../gateway/test/dicom/dcmtk';
import { startFhirServer, startMllpServer, stopGateway, writeGatewayConfig } from './support';

// The app's confirming commit skips its fsync (ADR 0023). A power cut can then lose it whole, as if it
// never ran: the database comes back with the send's messages written but unconfirmed. This is that
// crash against the real gateway (its CLI) through the local relay: the confirmation is lost, the app
// restarts, sends them again under the same ids, the gateway answers from its own record, and nothing
// is stored or delivered twice.

// Undone in reverse order after the test, each pushed as soon as what it undoes exists.
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WAL_FILES = ['', '-wal'];

/** What reached the disk before the confirming commit: the database file and its write-ahead log. */
function snapshotBeforeConfirming(dbFile: string): () => boolean {
  const settle = OutboxStore.prototype.settle;
  let taken = false;
  vi.spyOn(OutboxStore.prototype, 'settle').mockImplementation(function (
    this: OutboxStore,
    batch: Settlement[],
  ) {
    // One connection, between transactions: the files on disk are a consistent database here.
    if (!taken && batch.some((s) => s.kind === 'confirmed')) {
      for (const suffix of WAL_FILES)
        if (fs.existsSync(dbFile + suffix)) fs.copyFileSync(dbFile + suffix, `${dbFile}.lost${suffix}`);
      taken = true;
    }
    return settle.call(this, batch);
  });
  return () => taken;
}

/** The power cut: the files as they were before the confirming commit, the shared-memory index rebuilt. */
function restoreSnapshot(dbFile: string): void {
  for (const suffix of [...WAL_FILES, '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  for (const suffix of WAL_FILES)
    if (fs.existsSync(`${dbFile}.lost${suffix}`)) fs.renameSync(`${dbFile}.lost${suffix}`, dbFile + suffix);
}

it('sends a confirmation lost to a crash again after restart, answered from the gateway record, stored once', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-confirmation-lost-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const relay = await startTestRelay(['alpha-gateway']);
  cleanups.push(() => relay.stop());
  const fhir = await startFhirServer(0);
  const mllp = await startMllpServer(['AA']);
  cleanups.push(fhir.close, mllp.close);
  const dbFile = path.join(dataDir, 'app.db');
  const snapshotTaken = snapshotBeforeConfirming(dbFile);
  // The power cut comes right after the confirming commit: from then on the first app applies and
  // acknowledges nothing. (Had it applied the gateway's outcome events, that commit's fsync would have
  // made the confirmation durable too, and there would be no lost confirmation to test.)
  const first = await createDispatchHarness({ relay, file: dbFile, acceptsEvents: () => !snapshotTaken() });
  const setup = await writeGatewayConfig({
    relay,
    workstation: { id: first.identity.workstationId, publicKey: first.identity.publicKey },
    fhirUrl: fhir.url,
    mllpPort: mllp.port,
  });
  cleanups.push(() => fs.rmSync(setup.dir, { recursive: true, force: true }));
  first.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey, ackTimeoutSeconds: 10 });
  const gateway = (await spawnGateway(setup.configFile)).child;
  cleanups.push(() => stopGateway(gateway));

  first.dispatcher.start();
  const ids = first.sendAppointments(todayClinicId(), 1);
  expect(ids).toHaveLength(3);
  await first.waitFor(() => first.rows().every((m) => m.status === 'confirmed'), 'confirmed', 20_000);
  expect(snapshotTaken()).toBe(true);
  const worklistId = first.rows().find((m) => m.type === 'WORKLIST')!.id;
  expect(JSON.parse(first.rows().find((m) => m.id === worklistId)!.gatewayReply!)).toMatchObject({
    status: 'created',
  });

  // The crash: the app stops, and its disk holds only what was there before the confirming commit.
  await first.dispatcher.stop();
  first.db.$client.close();
  vi.restoreAllMocks();
  restoreSnapshot(dbFile);

  const second = await createDispatchHarness({ relay, file: dbFile });
  cleanups.push(() => second.close());
  const lost = second.rows();
  expect(lost.map((m) => m.id).sort()).toEqual([...ids].sort());
  for (const m of lost) {
    expect(['sending', 'delivered']).toContain(m.status);
    expect(m.confirmedAt).toBeNull();
  }

  second.dispatcher.start();
  await second.waitFor(() => second.rows().every((m) => m.status === 'confirmed'), 'confirmed again', 20_000);
  await second.waitFor(
    () => second.rows().every((m) => m.type === 'WORKLIST' || m.outcome !== null),
    'destination outcomes',
    20_000,
  );
  const rows = second.rows();
  for (const m of rows) expect(m.attempts).toBe(2);
  // The resend is answered from the gateway's record of the first: a created item answers `exists`.
  expect(JSON.parse(rows.find((m) => m.id === worklistId)!.gatewayReply!)).toMatchObject({
    status: 'exists',
    action_id: worklistId,
  });
  expect(rows.filter((m) => m.type !== 'WORKLIST').map((m) => m.outcome)).toEqual(['delivered', 'delivered']);

  // Stored once: one worklist item, one FHIR order, one HL7 v2 order.
  const { accession_number: accession } = second.db.$client
    .prepare('SELECT accession_number FROM appointments WHERE accession_number IS NOT NULL')
    .get() as { accession_number: string };
  const found = await findscu({ port: setup.worklistPort, calledAe: setup.aeTitle }, [
    `AccessionNumber=${accession}`,
  ]);
  expect(found.responses.map((r) => r.AccessionNumber)).toEqual([accession]);
  expect(fhir.requests).toHaveLength(1);
  expect(mllp.received).toHaveLength(1);
}, 90_000);
