/**
 * The gateway's DICOM side for the store benchmark, in a process of its own so that its peak RSS is the
 * gateway's alone: the storage SCP and the worklist SCP on one database, as `run` starts them, over the
 * C-FIND benchmark's 10,000-item worklist. Prints `{"storagePort":…,"worklistPort":…}` once listening and
 * runs until SIGTERM. Usage: `store-server.ts <work dir>`.
 */
import { join } from 'node:path';
import { EventOutbox } from '#gateway/inbox/event-outbox';
import { createLogger } from '#gateway/logger';
import { ModalityEvents } from '#gateway/return-path/modality-events';
import { startStorageScp } from '#gateway/storage/storage-scp';
import { startWorklistScp } from '#gateway/worklist/mwl-scp';
import { STORE_AE, WORKLIST_AE } from './big-objects';
import { fillWorklist } from './worklist-fixture';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: store-server.ts <work dir>');
  const db = fillWorklist(join(dir, 'gateway.sqlite'), true);
  const events = new ModalityEvents(db, new EventOutbox(db));
  // Warnings only: the benchmark reads figures, not per-image log lines.
  const log = createLogger(process.env.STORE_BENCH_LOG ?? 'warn', process.stderr);
  const storage = await startStorageScp({
    events,
    host: '127.0.0.1',
    port: 0,
    aeTitle: STORE_AE,
    directory: join(dir, 'images'),
    log,
  });
  const worklist = await startWorklistScp({ db, host: '127.0.0.1', port: 0, aeTitle: WORKLIST_AE, log });
  process.stdout.write(`${JSON.stringify({ storagePort: storage.port, worklistPort: worklist.port })}\n`);
  process.once('SIGTERM', () => {
    void Promise.all([storage.close(), worklist.close()]).finally(() => {
      db.close();
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`store-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
