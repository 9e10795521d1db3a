import { z } from 'zod';
import { pocFiveMessageSchema, SCHEMA_VERSION, type ActionEnvelope } from 'modality-link-protocol';
import { POC_FIVE_DESTINATION_MAX } from '../../config/profiles';
import type { CompatProfileHandler } from '../profile';
import { policyRefusal } from '../profile-policy';

/**
 * What the seed's sender sends: the payload as a JSON string (its FHIR, already serialised) or an
 * object, and the destination as the seed stored it, a URL of up to 300 characters.
 */
const seedMessageSchema = pocFiveMessageSchema.extend({
  payload: z.union(
    [z.string().max(1024 * 1024), z.record(z.string(), z.unknown())],
    'a JSON string or a JSON object',
  ),
  destination: z.string().min(1).max(POC_FIVE_DESTINATION_MAX),
});

/**
 * `poc-five`: the seed proof of concept's `{message_id, type, payload, destination}`, kept so that its
 * sender still works. It is a `message.deliver` under the hood: same allow-list, same inbox, and
 * `processed` is only said after the durable commit (the proof of concept said it before). A destination
 * URL is looked up in `profiles.poc-five.destination_urls`; the gateway never sends to a URL off the wire.
 */
export const pocFiveProfile: CompatProfileHandler = {
  async answer(request, { actions, profiles }) {
    const policy = profiles['poc-five'];
    const parsed = seedMessageSchema.safeParse(request);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
        .join('; ');
      return { status: 'error', code: 'bad_frame', message: `Invalid message: ${detail}` };
    }
    const message = parsed.data;
    const refusal = (text: string, code: string) => ({
      status: 'error',
      message_id: message.message_id,
      message: text,
      code,
    });
    const destination = policy.destination_urls?.[message.destination] ?? message.destination;
    if (destination.length > 64)
      return refusal(
        `Destination ${message.destination.slice(0, 64)}… is not mapped to a configured destination ` +
          '(profiles.poc-five.destination_urls).',
        'not_allowed',
      );
    const action: ActionEnvelope = {
      schema_version: SCHEMA_VERSION,
      action_id: message.message_id,
      action_type: 'message.deliver',
      timestamp: new Date().toISOString(),
      source_system: 'poc-five',
      parameters: {
        type: message.type,
        // A payload has one form from here on, message.deliver's text: an object is serialised here,
        // once, and every destination sends that text as it is (ADR 0031).
        payload: typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload),
        destination,
      },
    };
    const refused = policyRefusal('poc-five', policy, action);
    const [reply] = refused
      ? [refused]
      : await actions.handle([action], { profile: 'poc-five', workstationId: undefined });
    if (reply && reply.status === 'accepted') return { status: 'processed', message_id: message.message_id };
    const { message: text, code } =
      reply && reply.status === 'error' ? reply : { message: 'Not processed', code: 'internal' };
    return refusal(text, code ?? 'internal');
  },
  refusal: (message) => ({ status: 'error', message }),
};
