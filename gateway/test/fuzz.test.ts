import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFrame, type ActionsFrame } from 'modality-link-protocol';
import { action, connectClient, oneShot, WorkstationSession } from './helpers/clients';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { startInProcess, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

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

/** Text a hostile or broken sender might write: garbage, JSON of any shape, and near-valid actions. */
const ACTION_TYPES = [
  'worklist.create_item',
  'worklist.create_test_item',
  'worklist.update_status',
  'message.deliver',
  'echo',
  'health',
  'worklist.verify_item',
  'worklist.remove_test_item',
  'x',
];
const nearAction = fc.record(
  {
    schema_version: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
    action_id: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 })),
    action_type: fc.constantFrom(...ACTION_TYPES),
    timestamp: fc.oneof(fc.constant(new Date().toISOString()), fc.string()),
    source_system: fc.string({ maxLength: 70 }),
    parameters: fc.oneof(
      fc.object(),
      fc.record({ worklist_item: fc.object() }),
      fc.record({ destination: fc.string(), payload: fc.anything() }),
    ),
  },
  { requiredKeys: [] },
);
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json(),
  nearAction.map((a) => JSON.stringify(a)),
  fc
    .record(
      { message_id: fc.string(), type: fc.string(), payload: fc.anything(), destination: fc.string() },
      { requiredKeys: [] },
    )
    .map((m) => JSON.stringify(m)),
);

async function stillServing(): Promise<void> {
  expect(await oneShot(r, action('echo'))).toMatchObject({ status: 'echo' });
  expect(gw.gateway.supervisor.state).toBe('listening');
}

describe('fuzzed frames never crash or stall the gateway', () => {
  it.each(['nhs-gateway/1', 'poc-five'])('%s: every request gets a JSON reply', async (profile) => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const client = await connectClient(r, { profile });
        client.send(text);
        const reply = await client.next();
        client.close();
        expect(typeof reply.status).toBe('string');
      }),
      { numRuns: 40 },
    );
    await stillServing();
  });

  it('modality-link/1: garbage before hello, then garbage and signed nonsense inside a session', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const client = await connectClient(r, {
          profile: 'modality-link/1',
          workstation: setup.workstationId,
        });
        // The gateway speaks first (its challenge); the garbage answers it.
        expect((await client.next()).kind).toBe('challenge');
        client.send(text);
        const reply = await client
          .next(() => true, 3000)
          .catch((e: Error) => ({ kind: e.message.includes('closed') ? 'closed' : 'timeout' }));
        client.close();
        expect(['error', 'closed']).toContain(reply.kind);
      }),
      { numRuns: 40 },
    );
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.array(nearAction, { minLength: 1, maxLength: 4 }),
        async (text, actions) => {
          s.client.send(text);
          expect((await s.client.next(() => true, 3000)).kind).toBe('error');
          // Correctly signed, so the fuzz reaches the inbox and the worklist store, not just the verifier.
          const frame = await signFrame<ActionsFrame>(
            {
              kind: 'actions',
              frame_id: `fz-${Math.random()}`,
              timestamp: new Date().toISOString(),
              actions: JSON.parse(JSON.stringify(actions)) as never,
            },
            s.key,
          );
          s.client.send(frame);
          const answer = await s.client.next(() => true, 3000);
          expect(['replies', 'error']).toContain(answer.kind);
        },
      ),
      { numRuns: 60 },
    );
    const ok = action('echo');
    await s.sendActions([ok]);
    expect((await s.replies([ok.action_id])).get(ok.action_id)).toMatchObject({ status: 'echo' });
    s.close();
    await stillServing();
  });
});
