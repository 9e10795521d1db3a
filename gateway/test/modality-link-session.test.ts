import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  importSigningKey,
  signFrame,
  type ActionsFrame,
  type HelloOkFrame,
} from 'modality-link-protocol';
import { action, connectClient, oneShot, worklistItem, WorkstationSession } from './helpers/clients';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { startInProcess, until, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { verifyGatewayFrame } from './helpers/verify';
import { deliveryFailure } from '#gateway/destinations/delivery-faults';

let r: TestRelay;
let setup: TestSetup;
let gw: InProcessGateway;

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r, { profiles: COMPAT_PROFILES_ON });
  gw = await startInProcess(setup.configFile);
});

afterAll(async () => {
  await gw?.gateway.stop();
  await r?.relay.stop();
});

async function open(): Promise<WorkstationSession> {
  const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
  expect(s.helloOk.kind).toBe('hello_ok');
  return s;
}

/** The listener still serves the next sender after whatever the previous one did. */
async function stillServing(): Promise<void> {
  const echo = action('echo');
  expect(await oneShot(r, echo)).toMatchObject({ status: 'echo' });
}

describe('modality-link/1', () => {
  it('answers hello with a signed hello_ok that echoes the nonce and names the window', async () => {
    const nonce = randomUUID();
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId, { nonce });
    const ok = s.helloOk as HelloOkFrame;
    expect(ok).toMatchObject({
      kind: 'hello_ok',
      version: 1,
      gateway_id: 'gw-test',
      nonce,
      window: 2048,
      key_id: setup.gatewayKey.keyId,
    });
    expect(await verifyGatewayFrame(s.helloOk, setup.gatewayKey.publicKey)).toBe(true);
    s.close();
  });

  it('commits a pipelined burst and replies per action; a resent action gets its original outcome', async () => {
    const s = await open();
    const creates = Array.from({ length: 40 }, (_, i) =>
      action('worklist.create_item', { worklist_item: worklistItem(`MLS${String(i).padStart(6, '0')}`) }),
    );
    const ids: string[] = [];
    for (let i = 0; i < creates.length; i += 10) {
      await s.sendActions(creates.slice(i, i + 10));
      ids.push(...creates.slice(i, i + 10).map((a) => a.action_id));
    }
    const replies = await s.replies(ids);
    expect([...replies.values()].every((reply) => reply.status === 'created')).toBe(true);
    const count = gw.gateway.db
      .prepare(`SELECT COUNT(*) AS n FROM worklist_items WHERE accession_number LIKE 'MLS%'`)
      .get() as { n: number };
    expect(count.n).toBe(40);
    // Fewer commits than frames: frames that arrive together share a transaction.
    await s.sendActions([creates[0]!, creates[1]!]);
    const again = await s.replies([creates[0]!.action_id, creates[1]!.action_id]);
    expect(again.get(creates[0]!.action_id)).toEqual({ status: 'exists', action_id: creates[0]!.action_id });
    const deliver = action('message.deliver', { type: 'fhir', payload: '{}', destination: 'off-list' });
    await s.sendActions([deliver]);
    expect((await s.replies([deliver.action_id])).get(deliver.action_id)).toMatchObject({
      status: 'error',
      code: 'not_allowed',
      retryable: false,
    });
    s.close();
  });

  it('refuses a bad signature, a stale timestamp, an unsupported version and malformed frames, and keeps serving', async () => {
    const s = await open();
    const a = action('echo');
    // Tamper after signing: the frame id is covered by the signature.
    const signed = await signFrame<ActionsFrame>(
      { kind: 'actions', frame_id: 'f-tampered', timestamp: new Date().toISOString(), actions: [a] },
      s.key,
    );
    s.client.send({ ...signed, frame_id: 'f-tampered-2' });
    expect(await s.client.next((f) => f.kind === 'error' && f.ref === 'f-tampered-2')).toMatchObject({
      code: 'bad_signature',
    });
    await s.sendActions([action('echo')], {
      frame_id: 'f-stale',
      timestamp: new Date(Date.now() - 10 * 60_000).toISOString(),
    });
    expect(await s.client.next((f) => f.kind === 'error' && f.ref === 'f-stale')).toMatchObject({
      code: 'stale',
    });
    await s.sendActions([{ ...action('echo'), schema_version: 2 } as never], { frame_id: 'f-v2' });
    expect(await s.client.next((f) => f.kind === 'error' && f.code === 'unsupported_version')).toBeTruthy();
    s.client.send('{not json');
    expect(await s.client.next((f) => f.kind === 'error' && f.code === 'bad_frame')).toBeTruthy();
    s.client.send({ kind: 'actions', frame_id: 'f-shape' });
    expect(await s.client.next((f) => f.kind === 'error' && f.ref === 'f-shape')).toMatchObject({
      code: 'bad_frame',
    });
    // The session itself still works after all that.
    const ok = action('echo');
    await s.sendActions([ok]);
    expect((await s.replies([ok.action_id])).get(ok.action_id)).toMatchObject({ status: 'echo' });
    s.close();
    await stillServing();
  });

  it('refuses a hello from an unknown key or a mismatched workstation, and actions before hello', async () => {
    const stranger = await generateSigningKeyPair();
    const s = await WorkstationSession.open(r, stranger, setup.workstationId);
    expect(s.helloOk).toMatchObject({ kind: 'error', code: 'unknown_key' });
    const t = await WorkstationSession.open(r, setup.workstationKey, 'someone-else');
    expect(t.helloOk).toMatchObject({ kind: 'error' });
    const early = await connectClient(r, { profile: 'modality-link/1' });
    const key = await importSigningKey(setup.workstationKey);
    early.send(
      await signFrame<ActionsFrame>(
        {
          kind: 'actions',
          frame_id: 'f-early',
          timestamp: new Date().toISOString(),
          actions: [action('echo')],
        },
        key,
      ),
    );
    expect(await early.next((f) => f.kind === 'error')).toMatchObject({ code: 'not_ready', ref: 'f-early' });
    early.close();
    const stale = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId, {
      timestamp: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(stale.helloOk).toMatchObject({ kind: 'error', code: 'stale' });
    await stillServing();
  });

  it('pushes delivery outcomes as signed events, re-sends them until acknowledged, and again after a reconnect', async () => {
    const s = await open();
    gw.sink.script.push(deliveryFailure('connection', 'busy'), { outcome: 'delivered', message: 'ok' });
    const deliver = action('message.deliver', {
      type: 'fhir',
      payload: '{"resourceType":"ServiceRequest"}',
      destination: 'test-sink',
      accession_number: 'ACCEV1',
    });
    await s.sendActions([deliver]);
    expect((await s.replies([deliver.action_id])).get(deliver.action_id)).toEqual({
      status: 'accepted',
      action_id: deliver.action_id,
    });
    const isOutcome = (f: Record<string, unknown>): boolean =>
      f.kind === 'events' &&
      (f.events as Array<{ action_id?: string }>).some((e) => e.action_id === deliver.action_id);
    const first = await s.client.next(isOutcome);
    expect(await verifyGatewayFrame(first, setup.gatewayKey.publicKey)).toBe(true);
    const event = (first.events as Array<Record<string, unknown>>).find(
      (e) => e.action_id === deliver.action_id,
    )!;
    expect(event).toMatchObject({
      event_type: 'delivery.outcome',
      accession_number: 'ACCEV1',
      data: { outcome: 'delivered', destination: 'test-sink' },
    });
    expect(gw.sink.requests.filter((q) => q.actionId === deliver.action_id).map((q) => q.attempt)).toEqual([
      1, 2,
    ]);
    // Not acknowledged: it comes again on this session...
    await s.client.next(isOutcome);
    s.close();
    // ...and on the next connect.
    const s2 = await open();
    await s2.client.next(isOutcome);
    s2.client.send({ kind: 'event_acks', event_ids: [event.event_id] });
    const unacked = gw.gateway.db.prepare(`SELECT acked_at FROM event_outbox WHERE event_id = ?`).pluck();
    await until(() => unacked.get(event.event_id) !== null);
    s2.close();
    const s3 = await open();
    await stillServing();
    const echo = action('echo');
    await s3.sendActions([echo]);
    await s3.replies([echo.action_id]);
    expect(s3.client.pending().some((f) => isOutcome(f as Record<string, unknown>))).toBe(false);
    s3.close();
  });

  it('refuses a frame that would exceed the advertised window, then serves the next', async () => {
    // A second gateway with a small window: a frame larger than the window is refused whatever the timing.
    const r2 = await startTestRelay();
    const small = await writeTestConfig(r2, { session: { window: 8, event_resend_seconds: 30 } });
    const gw2 = await startInProcess(small.configFile);
    try {
      const s = await WorkstationSession.open(r2, small.workstationKey, small.workstationId);
      expect((s.helloOk as HelloOkFrame).window).toBe(8);
      const big = Array.from({ length: 9 }, () => action('echo'));
      await s.sendActions(big, { frame_id: 'f-big' });
      expect(await s.client.next((f) => f.kind === 'error')).toMatchObject({
        code: 'not_ready',
        ref: 'f-big',
      });
      const fits = Array.from({ length: 8 }, () => action('echo'));
      await s.sendActions(fits);
      expect((await s.replies(fits.map((a) => a.action_id))).size).toBe(8);
      s.close();
    } finally {
      await gw2.gateway.stop();
      await r2.relay.stop();
    }
  });
});
