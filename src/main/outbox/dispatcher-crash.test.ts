import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LocalRelay } from 'modality-link-relay';
import { afterEach, expect, it } from 'vitest';
import { startAppProcess, type AppProcess } from '../../../test-support/app-process';
import {
  generateSigningKeyPair,
  SEND_KEY,
  startTestGateway,
  startTestRelay,
  type TestGateway,
} from '../../../test-support/test-gateway';

const TOTAL = 3000;
let relay: LocalRelay | undefined;
let gateway: TestGateway | undefined;
let app: AppProcess | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-crash-'));

afterEach(async () => {
  await app?.stop('SIGKILL');
  await gateway?.close();
  await relay?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function queue(dbFile: string): string[] {
  const db = new Database(dbFile);
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO messages (id, gateway_id, type, action_type, payload, destination, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, 'gateway-alpha', 'FHIR', 'message.deliver', '{"resourceType":"ServiceRequest"}', 'trust-fhir', 'queued', 0, ?, ?, ?)`,
  );
  const ids = Array.from({ length: TOTAL }, (_, i) => `burst-${String(i).padStart(5, '0')}`);
  db.transaction(() => ids.forEach((id) => insert.run(id, now, now, now)))();
  db.close();
  return ids;
}

const counts = (dbFile: string) => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare(`SELECT status, count(*) AS n FROM messages WHERE id LIKE 'burst-%' GROUP BY status`)
      .all() as Array<{ status: string; n: number }>;
  } finally {
    db.close();
  }
};

it('loses nothing and duplicates nothing when the app is killed mid-burst and restarted', async () => {
  relay = await startTestRelay(['alpha-gateway']);
  const gatewayKeys = await generateSigningKeyPair();
  const env = {
    MODALITY_LINK_RELAY_URL: relay.url,
    MODALITY_LINK_RELAY_SEND_KEY: SEND_KEY,
    MODALITY_LINK_GATEWAY_PUBLIC_KEY: gatewayKeys.publicKey,
  };
  const dbFile = path.join(dataDir, 'modality-link.db');

  // First start creates the database and the workstation's key, which the gateway then enrols.
  app = await startAppProcess(dataDir, env);
  const { publicKey } = await app.call<{ publicKey: string }>('app.workstation');
  await app.stop();
  const ids = queue(dbFile);
  gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: publicKey,
    keyPair: gatewayKeys,
  });

  app = await startAppProcess(dataDir, env);
  while (gateway.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await app.stop('SIGKILL');
  const atKill = counts(dbFile);
  const confirmedAtKill = atKill.find((c) => c.status === 'confirmed')?.n ?? 0;
  expect(confirmedAtKill).toBeLessThan(TOTAL);

  app = await startAppProcess(dataDir, env);
  const deadline = Date.now() + 30_000;
  while ((counts(dbFile).find((c) => c.status === 'confirmed')?.n ?? 0) < TOTAL) {
    if (Date.now() > deadline) throw new Error(`not all confirmed: ${JSON.stringify(counts(dbFile))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(gateway.unique).toEqual(new Set(ids));
  const db = new Database(dbFile, { readonly: true });
  const bad = db
    .prepare(
      `SELECT count(*) AS n FROM messages WHERE id LIKE 'burst-%' AND (delivered_at IS NULL OR confirmed_at < delivered_at)`,
    )
    .get();
  db.close();
  expect(bad).toEqual({ n: 0 });
  // Three app starts and up to 30 s of draining: the suite's 20 s default is too short on a loaded machine.
}, 90_000);
