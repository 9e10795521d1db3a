import { pocFiveMessageSchema, SCHEMA_VERSION, type ActionEnvelope } from '../../../src/shared/protocol';
import type { ActionService } from '../inbox/action-service';
import type { ProfilePolicy } from '../config/profiles';
import type { Logger } from '../logger';
import { serveOneShot } from './one-shot';
import { policyRefusal } from './profile-policy';
import type { SessionSocket } from './session-socket';

/**
 * `poc-five`: the seed proof of concept's `{message_id, type, payload, destination}`, kept so that its
 * sender still works. It is a `message.deliver` under the hood: same allow-list, same inbox, and
 * `processed` is only said after the durable commit (the proof of concept said it before).
 */
export function servePocFive(
  socket: SessionSocket,
  actions: ActionService,
  policy: ProfilePolicy,
  log: Logger,
): void {
  serveOneShot(
    socket,
    log.child({ profile: 'poc-five' }),
    async (request) => {
      const parsed = pocFiveMessageSchema.safeParse(request);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
          .join('; ');
        return { status: 'error', code: 'bad_frame', message: `Invalid message: ${detail}` };
      }
      const message = parsed.data;
      const action: ActionEnvelope = {
        schema_version: SCHEMA_VERSION,
        action_id: message.message_id,
        action_type: 'message.deliver',
        timestamp: new Date().toISOString(),
        source_system: 'poc-five',
        parameters: {
          type: message.type,
          payload:
            typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload ?? null),
          destination: message.destination,
        },
      };
      const refused = policyRefusal('poc-five', policy, action);
      const [reply] = refused
        ? [refused]
        : await actions.handle([action], { profile: 'poc-five', workstationId: undefined });
      if (reply && reply.status === 'accepted')
        return { status: 'processed', message_id: message.message_id };
      const { message: text, code } =
        reply && reply.status === 'error' ? reply : { message: 'Not processed', code: 'internal' };
      return { status: 'error', message_id: message.message_id, message: text, ...(code ? { code } : {}) };
    },
    (message) => ({ status: 'error', message }),
    policy.request_timeout_seconds * 1000,
  );
}
