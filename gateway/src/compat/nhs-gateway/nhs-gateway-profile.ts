import type { Reply } from 'modality-link-protocol';
import type { CompatProfileHandler } from '../profile';
import { policyRefusal } from '../profile-policy';
import { readNhsGatewayRequest } from './nhs-gateway-request';

const error = (message: string): Reply => ({ status: 'error', message });

/**
 * `nhs-gateway/1`: the production gateway's contract, so a production-style sender drives this gateway
 * unchanged. One action per connection, unsigned (the relay's Send key is the only credential, as in
 * production), replies in production's shapes (docs/wire-protocol.md, ADR 0019). Served only when the
 * config turns it on, and then only for the actions its allow-list names (ADR 0012).
 */
export const nhsGatewayProfile: CompatProfileHandler = {
  async answer(request, { actions, profiles, worklistTimeZone }) {
    const read = readNhsGatewayRequest(request, worklistTimeZone);
    if (!read.ok) return read.reply;
    const refused = policyRefusal('nhs-gateway/1', profiles['nhs-gateway/1'], read.envelope);
    if (refused) return productionShape(refused, read.raw);
    const [reply] = await actions.handle([read.envelope], {
      profile: 'nhs-gateway/1',
      workstationId: undefined,
    });
    return reply ? productionShape(reply, read.raw) : error('No reply was produced.');
  },
  refusal: error,
};

/**
 * Our reply in production's shape. Errors are production's `{status, message}`; where we know more, they
 * also carry our `code`, `retryable` and the refused `action_id`. Production's sender reads only `status`
 * (its relay_service), so the extra fields cannot break it, and our app classifies by them (ADR 0019).
 */
function productionShape(reply: Reply, request: Record<string, unknown>): Record<string, unknown> {
  switch (reply.status) {
    case 'created':
    case 'exists':
    case 'accepted':
      return { status: reply.status, action_id: reply.action_id };
    case 'updated':
      return { accession_number: reply.accession_number, status: 'updated' };
    case 'echo':
      // Production echoes the request exactly as it came, not our reading of it.
      return { status: 'echo', payload: request };
    case 'ok':
      return { status: 'ok', action_id: request.action_id ?? null, health: reply.health };
    // Our rehearsal's replies (ADR 0025): production has no such actions, so there is no shape to match.
    case 'verified':
    case 'removed':
    case 'error':
      return reply;
  }
}
