/**
 * The fast decode path against zod (ADR 0034), in the same run: one send's signed `actions` frame
 * (worklist, FHIR and HL7 v2, built by the app's own builders), the gateway's `replies` frame, and the
 * applier's parameter checks. Per call in a tight loop, and spaced (one call every 30 ms, as a clinic's
 * sends leave the code cold between them), p50. Figures only; nothing here passes or fails.
 */
import { performance } from 'node:perf_hooks';
import {
  actionParameterSchemas,
  decodeSessionFrame,
  fastDecodeFrame,
  generateSigningKeyPair,
  importSigningKey,
  safeParseParameters,
  sessionFrameSchema,
  signFrame,
  SCHEMA_VERSION,
  SOURCE_SYSTEM,
  type ActionEnvelope,
  type ActionsFrame,
} from 'modality-link-protocol';
import { buildMessage } from '../src/main/outbox/build-message';
import { sampleContext } from '../src/main/outbox/builders/order-context.fixture';

const TIGHT = 3_000;
const SPACED = 100;
const GAP_MS = 30;

function envelope(type: 'WORKLIST' | 'FHIR' | 'HL7v2', n: number): ActionEnvelope {
  const built = buildMessage(type, sampleContext);
  const parameters =
    built.actionType === 'message.deliver'
      ? {
          type,
          payload: built.payload,
          destination: `dest-${type}`,
          accession_number: sampleContext.accessionNumber,
        }
      : { ...(JSON.parse(built.payload) as Record<string, unknown>), destination: 'mwl' };
  return {
    schema_version: SCHEMA_VERSION,
    action_id: `6f1c2a9e-3b1d-4c55-9a0e-2f7d8b1e4c2${n}`,
    action_type: built.actionType,
    timestamp: sampleContext.createdAt,
    source_system: SOURCE_SYSTEM,
    source_reference: {
      appointment_id: sampleContext.appointment.id,
      participant_id: sampleContext.participant.id,
    },
    parameters,
  };
}

async function frames(): Promise<{ actions: ActionEnvelope[]; actionsText: string; repliesText: string }> {
  const key = await importSigningKey(await generateSigningKeyPair());
  const actions = [envelope('WORKLIST', 1), envelope('FHIR', 2), envelope('HL7v2', 3)];
  const actionsText = JSON.stringify(
    await signFrame<ActionsFrame>(
      { kind: 'actions', frame_id: 'frame-0001', timestamp: new Date().toISOString(), actions },
      key,
    ),
  );
  const repliesText = JSON.stringify({
    kind: 'replies',
    replies: actions.map((a, i) => ({
      action_id: a.action_id,
      reply: { status: i === 0 ? 'created' : 'accepted', action_id: a.action_id },
    })),
  });
  return { actions, actionsText, repliesText };
}

/** Each frame parsed as it arrives, then decided: by the fast path, or by the schema as before it. */
const viaFast = (text: string) => fastDecodeFrame(JSON.parse(text) as Record<string, unknown>);
const viaZod = (text: string) => sessionFrameSchema.safeParse(JSON.parse(text));

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const µs = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function tight(run: () => unknown): number {
  for (let i = 0; i < 200; i++) run(); // JIT and inline caches, as in a long-running process
  const started = performance.now();
  for (let i = 0; i < TIGHT; i++) run();
  return (performance.now() - started) / TIGHT;
}

/** One call per tick, fast and zod on alternate ticks, so both meet the same cold caches. */
async function spaced(fast: () => unknown, zod: () => unknown): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < SPACED * 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    const run = i % 2 === 0 ? fast : zod;
    const started = performance.now();
    run();
    times[i % 2]!.push(performance.now() - started);
  }
  return [p50(times[0]), p50(times[1])];
}

async function main(): Promise<void> {
  const { actions, actionsText, repliesText } = await frames();
  const type = (a: ActionEnvelope) => a.action_type as 'worklist.create_item' | 'message.deliver';
  const cases: Array<[name: string, fast: () => unknown, zod: () => unknown]> = [
    ['decode.actions', () => viaFast(actionsText), () => viaZod(actionsText)],
    ['decode.replies', () => viaFast(repliesText), () => viaZod(repliesText)],
    [
      'decode.parameters',
      () => actions.map((a) => safeParseParameters(type(a), a.parameters)),
      () => actions.map((a) => actionParameterSchemas[type(a)].safeParse(a.parameters)),
    ],
  ];
  const decodes = [actionsText, repliesText].every(
    (t) => viaFast(t) && viaZod(t).success && decodeSessionFrame(t).ok,
  );
  const checks = actions.every((a) => safeParseParameters(type(a), a.parameters).success);
  if (!decodes || !checks) throw new Error('the bench frames do not take the fast path');

  console.log(`decode.frame_bytes: ${actionsText.length} B (actions), ${repliesText.length} B (replies)`);
  console.log(
    `decode.session_frame.tight: ${µs(tight(() => decodeSessionFrame(actionsText)))} per actions frame (whole decodeSessionFrame)`,
  );
  for (const [name, fast, zod] of cases) {
    console.log(`${name}.tight.fast: ${µs(tight(fast))} per call (zod: ${µs(tight(zod))}, ${TIGHT} calls)`);
  }
  for (const [name, fast, zod] of cases) {
    const [fastSpaced, zodSpaced] = await spaced(fast, zod);
    console.log(
      `${name}.spaced.fast.p50: ${µs(fastSpaced)} (zod: ${µs(zodSpaced)}, ${SPACED} calls each, ${GAP_MS} ms apart)`,
    );
  }
}

void main();
