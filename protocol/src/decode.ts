import type { z } from 'zod';
import { SCHEMA_VERSION } from './actions';
import { fastDecodeCounts, tally } from './fast-checks';
import { fastDecodeFrame } from './fast-frames';
import { utf8ByteLength, type KeyHandle } from './platform';
import {
  CLOCK_SKEW_MS,
  MAX_FRAME_BYTES,
  sessionFrameSchema,
  SIGNED_KINDS,
  type ProtocolErrorCode,
  type SessionFrame,
} from './session-frames';
import { verifyFrameSignature } from './signing';

export type Decoded<T> =
  | { ok: true; value: T; raw: Record<string, unknown> }
  | { ok: false; code: ProtocolErrorCode; message: string; ref?: string };

const FRAME_KINDS: ReadonlySet<unknown> = new Set(
  sessionFrameSchema.def.options.map((o) => o.shape.kind.value),
);

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`)
    .join('; ');
}

/**
 * Text frame → typed frame, or a coded error naming what was wrong and where. Never throws: a receiver
 * answers a bad frame with an error frame and carries on.
 */
export function decodeSessionFrame(text: string): Decoded<SessionFrame> {
  // A UTF-16 unit is at most 3 bytes in UTF-8, so only a frame over a third of the limit in units can be
  // over it in bytes: the usual frame is not encoded just to be counted (~14 µs for a send's frame).
  const mayBeTooLarge = text.length * 3 > MAX_FRAME_BYTES;
  if (text.length > MAX_FRAME_BYTES || (mayBeTooLarge && utf8ByteLength(text) > MAX_FRAME_BYTES)) {
    return { ok: false, code: 'frame_too_large', message: `Frame is larger than ${MAX_FRAME_BYTES} bytes.` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'bad_frame', message: `Frame is not JSON: ${(error as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'bad_frame', message: 'Frame is not a JSON object.' };
  }
  const record = raw as Record<string, unknown>;
  const ref = typeof record.frame_id === 'string' ? record.frame_id : undefined;
  // Refuse a newer envelope version by name before schema checks report it as a generic mismatch.
  if (record.kind === 'actions' && Array.isArray(record.actions)) {
    for (const action of record.actions as Array<Record<string, unknown>>) {
      if (action && typeof action === 'object' && action.schema_version !== SCHEMA_VERSION) {
        return {
          ok: false,
          code: 'unsupported_version',
          message: `Action schema_version ${JSON.stringify(action.schema_version)} is not supported (this side speaks ${SCHEMA_VERSION}).`,
          ...(typeof action.action_id === 'string' ? { ref: action.action_id } : {}),
        };
      }
    }
  }
  // The hot frames without zod when the fast path is certain of zod's answer (ADR 0034); otherwise the
  // schema decides, so every refusal keeps its wording.
  const fast = fastDecodeFrame(record);
  if (fast) {
    tally(fastDecodeCounts.frames.fast, fast.kind);
    return { ok: true, value: fast, raw: record };
  }
  // Known kinds only: a key per stranger's `kind` would let a peer grow the tally without bound.
  tally(fastDecodeCounts.frames.schema, FRAME_KINDS.has(record.kind) ? (record.kind as string) : 'other');
  const parsed = sessionFrameSchema.safeParse(record);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'bad_frame',
      // Not String(record.kind): a `kind` object with its own toString key would make String() throw.
      message: `Invalid ${typeof record.kind === 'string' ? record.kind.slice(0, 32) : 'frame'}: ${describe(parsed.error)}`,
      ...(ref ? { ref } : {}),
    };
  }
  return { ok: true, value: parsed.data, raw: record };
}

export interface Keyring {
  /** The enrolled public key with this id, or undefined when the key is not (or no longer) trusted. */
  get(keyId: string): KeyHandle | undefined;
}

/**
 * For signed kinds: the key must be enrolled, the signature must cover the frame exactly as received,
 * and the timestamp must be within ±5 minutes of this side's clock.
 */
export async function verifySessionFrame(
  frame: SessionFrame,
  raw: Record<string, unknown>,
  keyring: Keyring,
  now: Date,
): Promise<{ ok: true } | { ok: false; code: ProtocolErrorCode; message: string }> {
  if (!SIGNED_KINDS.has(frame.kind)) return { ok: true };
  // Every signed kind's schema requires key_id, sig and timestamp.
  const signed = frame as Extract<SessionFrame, { key_id: string }>;
  const key = keyring.get(signed.key_id);
  if (!key) return { ok: false, code: 'unknown_key', message: `Key ${signed.key_id} is not enrolled here.` };
  if (!(await verifyFrameSignature(raw, key))) {
    return {
      ok: false,
      code: 'bad_signature',
      message: `The ${frame.kind} frame's signature does not verify with key ${signed.key_id}.`,
    };
  }
  const skew = Date.parse(signed.timestamp) - now.getTime();
  if (Math.abs(skew) > CLOCK_SKEW_MS) {
    return {
      ok: false,
      code: 'stale',
      message: `The ${frame.kind} frame's timestamp is ${Math.round(skew / 1000)} s from this clock (allowed ±${CLOCK_SKEW_MS / 1000} s). Check both clocks.`,
    };
  }
  return { ok: true };
}
