import type { ActionEnvelope, Reply } from 'modality-link-protocol';
import type { CompatProfile, ProfilePolicy } from '../config/profiles';
import type { Logger } from '../logger';
import { serveOneShot } from './one-shot';
import type { SessionSocket } from '../sessions/session-socket';

/**
 * What an enabled unsigned profile may do: the action types and (when set) destinations its config
 * names. Checked before the action reaches the inbox, so a refused action leaves no trace but a log line.
 */
export function policyRefusal(
  profile: CompatProfile,
  policy: ProfilePolicy,
  action: ActionEnvelope,
): Reply | undefined {
  const refuse = (message: string): Reply => ({
    status: 'error',
    action_id: action.action_id,
    code: 'not_allowed',
    retryable: false,
    message,
  });
  if (!(policy.actions as readonly string[]).includes(action.action_type)) {
    return refuse(
      `Action ${action.action_type} is not allowed on profile ${profile} (profiles.${profile}.actions).`,
    );
  }
  const destination = action.parameters.destination;
  if (policy.destinations && typeof destination === 'string' && !policy.destinations.includes(destination)) {
    return refuse(
      `Destination ${destination.slice(0, 64)} is not allowed on profile ${profile} (profiles.${profile}.destinations).`,
    );
  }
  return undefined;
}

/**
 * A connection for a profile the config leaves off: its one request is answered with a named error and
 * the connection closed. The log line names the profile only, never what the request carried.
 */
export function refuseDisabledProfile(
  socket: SessionSocket,
  profile: CompatProfile,
  log: Logger,
  timeoutMs: number,
): void {
  const reply = {
    status: 'error',
    code: 'profile_disabled',
    retryable: false,
    message:
      `Profile ${profile} is turned off on this gateway: it carries no signature. Use modality-link/1, ` +
      `or turn it on under profiles.${profile} in the gateway config.`,
  };
  log.warn({ profile, code: 'profile_disabled' }, 'connection for a disabled profile refused');
  serveOneShot(
    socket,
    log,
    () => Promise.resolve(reply),
    () => reply,
    timeoutMs,
  );
}
