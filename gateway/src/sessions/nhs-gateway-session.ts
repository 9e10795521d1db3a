import { ACTION_TYPES, actionEnvelopeSchema, SCHEMA_VERSION, type Reply } from '../../../src/shared/protocol';
import type { ActionService } from '../inbox/action-service';
import type { ProfilePolicy } from '../config/profiles';
import type { Logger } from '../logger';
import { serveOneShot } from './one-shot';
import { policyRefusal } from './profile-policy';
import type { SessionSocket } from './session-socket';

/**
 * `nhs-gateway/1`: the production gateway's contract, so a production-style sender drives this gateway
 * unchanged. One action per connection, unsigned (the relay's Send key is the only credential, as in
 * production), replies exactly as production words them. Served only when the config turns it on, and
 * then only for the actions its allow-list names (ADR 0012).
 */
export function serveNhsGateway(
  socket: SessionSocket,
  actions: ActionService,
  policy: ProfilePolicy,
  log: Logger,
): void {
  const error = (message: string): Reply => ({ status: 'error', message });
  serveOneShot(
    socket,
    log.child({ profile: 'nhs-gateway/1' }),
    async (request) => {
      if (typeof request !== 'object' || request === null || Array.isArray(request))
        return error('Request must be a JSON object');
      const record = request as Record<string, unknown>;
      const type = record.action_type;
      if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
        // Never String() an object from the wire: one with its own toString key would throw.
        const named = typeof type === 'string' ? type.slice(0, 64) : type === null ? 'null' : typeof type;
        return error(`Unsupported action: ${named}`);
      }
      if (record.schema_version !== SCHEMA_VERSION) {
        return {
          ...error(`Unsupported schema_version: ${JSON.stringify(record.schema_version)}`),
          code: 'unsupported_version',
        };
      }
      const parsed = actionEnvelopeSchema.safeParse(record);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.map(String).join('.') || '(action)'}: ${i.message}`)
          .join('; ');
        return { ...error(`Invalid action: ${detail}`), code: 'bad_frame' };
      }
      const refused = policyRefusal('nhs-gateway/1', policy, parsed.data);
      if (refused) return refused;
      const [reply] = await actions.handle([parsed.data], {
        profile: 'nhs-gateway/1',
        workstationId: undefined,
      });
      return reply;
    },
    error,
    policy.request_timeout_seconds * 1000,
  );
}
