import type { CompatProfile } from '../config/profiles';
import type { SessionSocket } from '../sessions/session-socket';
import { nhsGatewayProfile } from './nhs-gateway/nhs-gateway-profile';
import { serveOneShot } from './one-shot';
import { pocFiveProfile } from './poc-five/poc-five-profile';
import type { CompatDeps, CompatProfileHandler } from './profile';
import { refuseDisabledProfile } from './profile-policy';

/** Every compatibility profile's handler: a `Record` over `CompatProfile`, so none can be left out. */
const COMPAT_HANDLERS: Record<CompatProfile, CompatProfileHandler> = {
  'nhs-gateway/1': nhsGatewayProfile,
  'poc-five': pocFiveProfile,
};

/**
 * The core's one door into compatibility: a connection for an unsigned profile is answered by that
 * profile's handler when the config turns it on, and with a `profile_disabled` error otherwise (ADR 0012).
 */
export function serveCompat(socket: SessionSocket, profile: CompatProfile, deps: CompatDeps): void {
  const policy = deps.profiles[profile];
  const log = deps.log.child({ profile });
  const timeoutMs = policy.request_timeout_seconds * 1000;
  if (!policy.enabled) return refuseDisabledProfile(socket, profile, log, timeoutMs);
  const handler = COMPAT_HANDLERS[profile];
  serveOneShot(socket, log, (request) => handler.answer(request, deps), handler.refusal, timeoutMs);
}
