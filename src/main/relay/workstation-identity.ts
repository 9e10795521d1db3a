import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { generateSigningKeyPair, importSigningKey, type SigningKey } from 'modality-link-protocol';
import type { Db } from '../db/open-database';
import { settings } from '../db/schema';
import type { SecretStore } from '../secrets/secret-store';

const KEY_SECRET = 'workstation-signing-key';

export interface WorkstationIdentity {
  workstationId: string;
  publicKey: string;
  signingKey: SigningKey;
}

/**
 * The workstation's id and Ed25519 key pair, created on first run. The private key lives only in the
 * secret store; the public key and its fingerprint are what IT enrols at the gateway.
 */
export async function loadWorkstationIdentity(db: Db, secrets: SecretStore): Promise<WorkstationIdentity> {
  let workstationId = db.select().from(settings).where(eq(settings.key, 'workstation_id')).get()?.value;
  if (!workstationId) {
    workstationId = randomUUID();
    db.insert(settings).values({ key: 'workstation_id', value: workstationId }).onConflictDoNothing().run();
  }
  let stored = secrets.get(KEY_SECRET);
  if (!stored) {
    stored = JSON.stringify(await generateSigningKeyPair());
    secrets.set(KEY_SECRET, stored);
  }
  const pair = JSON.parse(stored) as { publicKey: string; privateKey: string; keyId: string };
  return { workstationId, publicKey: pair.publicKey, signingKey: await importSigningKey(pair) };
}

export const WORKSTATION_CARD = 'workstation.json';

/**
 * Writes the workstation's public identity (id, public key, key id; never the private key) beside the
 * database, where IT, scripts and the demo can read it to enrol the workstation at a gateway.
 */
export function writeWorkstationCard(dataDir: string, identity: WorkstationIdentity): void {
  const card = {
    workstationId: identity.workstationId,
    publicKey: identity.publicKey,
    keyId: identity.signingKey.keyId,
  };
  fs.writeFileSync(path.join(dataDir, WORKSTATION_CARD), `${JSON.stringify(card, null, 2)}\n`);
}
