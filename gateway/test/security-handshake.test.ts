import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey, signFrame, type HelloFrame } from 'modality-link-protocol';
import { action, connectClient, worklistItem, WorkstationSession, type FrameClient } from './helpers/clients';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { startInProcess, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * Issue 12's second hole, replayed: a signed hello copied off the wire opened a second session as that
 * workstation on a new connection, within the ±5 min clock window. The gateway now opens every
 * connection with a fresh challenge the hello must sign (ADR 0012), so a copied hello is refused by name.
 */
let r: TestRelay;
let setup: TestSetup;
let gw: InProcessGateway;

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r);
  gw = await startInProcess(setup.configFile);
});
afterAll(async () => {
  await gw?.gateway.stop();
  await r?.relay.stop();
});

async function connection(): Promise<{ client: FrameClient; challenge: string }> {
  const client = await connectClient(r, { profile: 'modality-link/1', workstation: setup.workstationId });
  const first = await client.next<{ kind: string; challenge: string }>();
  expect(first.kind).toBe('challenge');
  return { client, challenge: first.challenge };
}

async function hello(fields: Partial<HelloFrame>): Promise<HelloFrame> {
  return signFrame<HelloFrame>(
    {
      kind: 'hello',
      protocol: 'modality-link',
      versions: [1],
      workstation_id: setup.workstationId,
      nonce: randomUUID(),
      timestamp: new Date().toISOString(),
      ...fields,
    },
    await importSigningKey(setup.workstationKey),
  );
}

describe('replayed handshake', () => {
  it('refuses a signed hello replayed on a new connection, seconds after it opened a session', async () => {
    const first = await connection();
    const captured = await hello({ challenge: first.challenge });
    const genuine = await WorkstationSession.greet(
      first.client,
      await importSigningKey(setup.workstationKey),
      captured,
    );
    expect(genuine.helloOk).toMatchObject({ kind: 'hello_ok', nonce: captured.nonce });
    // Well inside the clock window: only the challenge can tell the copy from the original.
    expect(Math.abs(Date.parse(captured.timestamp) - Date.now())).toBeLessThan(60_000);

    const second = await connection();
    expect(second.challenge).not.toBe(first.challenge);
    second.client.send(captured);
    expect(await second.client.next()).toMatchObject({ kind: 'error', code: 'replayed_hello' });
    // The replayer holds nothing: the connection is closed, so no actions and no events reach it.
    await expect(second.client.next(() => true, 2000)).rejects.toThrow(/closed/);

    // The genuine session is untouched and still works.
    const create = action('worklist.create_item', { worklist_item: worklistItem('RPL00000001') });
    await genuine.sendActions([create]);
    expect((await genuine.replies([create.action_id])).get(create.action_id)).toMatchObject({
      status: 'created',
    });
    genuine.close();
  });

  it('refuses a replay after the original session closed, and one sent twice on its own connection', async () => {
    const first = await connection();
    const captured = await hello({ challenge: first.challenge });
    first.client.send(captured);
    expect(await first.client.next()).toMatchObject({ kind: 'hello_ok' });
    first.client.send(captured);
    expect(await first.client.next()).toMatchObject({ kind: 'error', code: 'bad_frame' });
    first.client.close();
    const later = await connection();
    later.client.send(captured);
    expect(await later.client.next()).toMatchObject({ kind: 'error', code: 'replayed_hello' });
  });

  it('names a hello without a challenge, and a forged challenge fails the signature first', async () => {
    const plain = await connection();
    plain.client.send(await hello({}));
    expect(await plain.client.next()).toMatchObject({ kind: 'error', code: 'challenge_required' });
    // Someone without the key re-labels a captured hello with this connection's challenge.
    const old = await connection();
    const captured = await hello({ challenge: old.challenge });
    old.client.close();
    const fresh = await connection();
    fresh.client.send({ ...captured, challenge: fresh.challenge });
    expect(await fresh.client.next()).toMatchObject({ kind: 'error', code: 'bad_signature' });
  });
});
