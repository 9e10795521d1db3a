import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionParameterSchemas } from './actions';
import { hotFrame, hotFrames, parameters } from './fast-decode-arbitraries.fixture';
import { mutate, mutations, neighbours, nodeCount } from './fast-decode-mutations.fixture';
import { fastDecodeFrame } from './fast-frames';
import { fastParameters, type FastParameterType } from './fast-parameters';
import { sessionFrameSchema } from './session-frames';

/**
 * The fast path (ADR 0034) is proven equal to the zod schemas here: it accepts every valid input with
 * exactly zod's output (same keys, same order, same values), and whatever it accepts of damaged input,
 * zod accepts with the same output. Each side parses its own copy of the text, as on the wire.
 */

/**
 * Same values, same keys in the same order, a key set to undefined told from an absent one, plain
 * prototypes: what a reader of either output could tell apart. (Not toStrictEqual: it compares each
 * object's `constructor`, which an unknown `constructor` key of the input makes a per-copy value.)
 */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '\u0000undefined';
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype)
      return '\u0000not a plain object';
    return v;
  });
}
function expectSame(fast: unknown, zod: unknown): void {
  expect(fast).toEqual(zod);
  expect(fingerprint(fast)).toBe(fingerprint(zod));
}

const asObject = (text: string): Record<string, unknown> | undefined => {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
};

interface Decoders {
  fast(value: unknown): unknown;
  zod(value: unknown): { success: boolean; data?: unknown };
}
const frameDecoders: Decoders = {
  fast: (value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? fastDecodeFrame(value as Record<string, unknown>)
      : undefined,
  zod: (value) => sessionFrameSchema.safeParse(value),
};
const parameterDecoders = (type: FastParameterType): Decoders => ({
  fast: (value) => fastParameters(type, value),
  zod: (value) => actionParameterSchemas[type].safeParse(value),
});

/** Soundness: if the fast path accepts the text, zod accepts it with the same output. */
function expectSound(text: string, decoders: Decoders): void {
  const fast = decoders.fast(JSON.parse(text));
  if (fast === undefined) return;
  const zod = decoders.zod(JSON.parse(text));
  expect(zod.success).toBe(true);
  expectSame(fast, zod.data);
}

const PARAMETER_TYPES = Object.keys(parameters) as FastParameterType[];
const RUNS = 600;

describe('fast decode: valid input takes the fast path with zod’s exact output', () => {
  it('frames (actions, events, replies, event_acks)', () => {
    fc.assert(
      fc.property(hotFrame, (frame) => {
        const text = JSON.stringify(frame);
        const zod = sessionFrameSchema.safeParse(JSON.parse(text));
        expect(zod.success).toBe(true);
        const fast = fastDecodeFrame(asObject(text)!);
        expect(fast).toBeDefined();
        expectSame(fast, zod.data);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(PARAMETER_TYPES)('%s parameters', (type) => {
    fc.assert(
      fc.property(parameters[type], (value) => {
        const text = JSON.stringify(value);
        const zod = actionParameterSchemas[type].safeParse(JSON.parse(text));
        expect(zod.success).toBe(true);
        const fast = fastParameters(type, JSON.parse(text));
        expect(fast).toBeDefined();
        expectSame(fast, zod.data);
      }),
      { numRuns: RUNS / 3 },
    );
  });
});

describe('fast decode: damaged input is accepted only where zod accepts it, with the same output', () => {
  it('frames', () => {
    fc.assert(
      fc.property(hotFrame, mutations, (frame, changes) => {
        const text = mutate(frame, changes);
        const record = asObject(text);
        const fast = record && fastDecodeFrame(record);
        if (fast === undefined) return;
        const zod = sessionFrameSchema.safeParse(JSON.parse(text));
        expect(zod.success).toBe(true);
        expectSame(fast, zod.data);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it.each(PARAMETER_TYPES)('%s parameters', (type) => {
    fc.assert(
      fc.property(parameters[type], mutations, (value, changes) => {
        const text = mutate(value, changes);
        const fast = fastParameters(type, JSON.parse(text));
        if (fast === undefined) return;
        const zod = actionParameterSchemas[type].safeParse(JSON.parse(text));
        expect(zod.success).toBe(true);
        expectSame(fast, zod.data);
      }),
      { numRuns: RUNS },
    );
  });

  // Per kind, so each kind's every field meets every change (replies: more runs, for its nine statuses).
  it.each([
    ['actions', 8],
    ['events', 8],
    ['replies', 20],
    ['event_acks', 8],
  ] as const)('%s frames: every single change at every node (the whole neighbourhood)', (kind, runs) => {
    fc.assert(
      fc.property(hotFrames[kind], (frame) => {
        // Small frames only: every node is then worth a walk (big ones are covered by the random damage).
        fc.pre(nodeCount(frame) <= 80);
        for (const text of neighbours(frame)) expectSound(text, frameDecoders);
      }),
      { numRuns: runs },
    );
  });

  it.each(PARAMETER_TYPES)('%s parameters: the whole neighbourhood', (type) => {
    fc.assert(
      fc.property(parameters[type], (value) => {
        fc.pre(nodeCount(value) <= 80);
        for (const text of neighbours(value)) expectSound(text, parameterDecoders(type));
      }),
      { numRuns: 10 },
    );
  });

  it('declines the other kinds, so their errors stay zod’s', () => {
    for (const kind of ['hello', 'hello_ok', 'challenge', 'error', 'unknown'])
      expect(
        fastDecodeFrame({ kind, code: 'internal', message: 'm', challenge: 'a'.repeat(43) }),
      ).toBeUndefined();
  });
});
