import { randomUUID, SCHEMA_VERSION, SOURCE_SYSTEM, type ActionEnvelope } from 'modality-link-protocol';
import { DeliveryFailure } from './delivery-failure';
import type { GatewayChannel } from './gateway-channel';
import { sendActionNow, type ActionResult } from './send-action';

export type ProbeResult = ActionResult;

/**
 * `echo` and `health` are actions the gateway answers; `connect` only opens a connection through the
 * relay and closes it, sending nothing, for a peer that has neither (the seed's listener, `poc-five`).
 */
export type ProbeKind = 'echo' | 'health' | 'connect';

/**
 * Sends an `echo` or `health` action straight through a channel (never the outbox) and reports the
 * reply and the round trip: health proven by traffic, as "Test connection" needs.
 */
export function probeChannel(
  channel: GatewayChannel,
  kind: ProbeKind,
  now: Date,
  profile = 'modality-link/1',
): Promise<ProbeResult> {
  if (kind === 'connect') return connectOnly(channel);
  const actionType = kind;
  const id = randomUUID();
  const envelope: ActionEnvelope = {
    schema_version: SCHEMA_VERSION,
    action_id: id,
    action_type: actionType,
    timestamp: now.toISOString(),
    source_system: SOURCE_SYSTEM,
    parameters: actionType === 'echo' ? { payload: { probe: id } } : {},
  };
  return sendActionNow(channel, { messageId: id, envelope }, profile);
}

async function connectOnly(channel: GatewayChannel): Promise<ProbeResult> {
  if (!channel.connectOnly) {
    const failure = new DeliveryFailure('send_failed', 'This protocol has no connection-only check.');
    return { reply: null, roundTripMs: null, failure };
  }
  const started = performance.now();
  const failure = await channel.connectOnly();
  return failure
    ? { reply: null, roundTripMs: null, failure }
    : { reply: null, roundTripMs: performance.now() - started, failure: null };
}
