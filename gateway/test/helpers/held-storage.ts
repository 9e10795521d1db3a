/**
 * A gateway process reduced to its storage SCP on the gateway's own database and image folder, with the
 * follow-up queue held: it answers every C-STORE once the image is durable and indexed, then makes no
 * thumbnail. Killing it (SIGKILL) leaves exactly the state a gateway killed between its reply and the
 * thumbnail leaves. Prints `{"port":…}` once listening. Usage: `held-storage.ts <data dir> <port> <AE>`.
 */
import { join } from 'node:path';
import { openGatewayDb } from '#gateway/db/open';
import { EventOutbox } from '#gateway/inbox/event-outbox';
import { createLogger } from '#gateway/logger';
import { ModalityEvents } from '#gateway/return-path/modality-events';
import { startStorageScp } from '#gateway/storage/storage-scp';

async function main(): Promise<void> {
  const [dataDir, port, aeTitle] = process.argv.slice(2);
  if (!dataDir || !port || !aeTitle) throw new Error('usage: held-storage.ts <data dir> <port> <AE>');
  const db = openGatewayDb(dataDir);
  const storage = await startStorageScp({
    events: new ModalityEvents(db, new EventOutbox(db)),
    host: '127.0.0.1',
    port: Number(port),
    aeTitle,
    directory: join(dataDir, 'images'),
    log: createLogger('info', process.stderr),
    reserve: { bytes: 0, percent: 0 },
    followups: { held: true },
  });
  process.stdout.write(`${JSON.stringify({ port: storage.port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`held-storage: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
