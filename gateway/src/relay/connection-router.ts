import type { LegacySocket } from 'hyco-ws';
import type { ProfilesConfig } from '../config/profiles';
import type { ActionService } from '../inbox/action-service';
import { errorText, type Logger } from '../logger';
import { ModalityLinkSession, type ModalityLinkDeps } from '../sessions/modality-link-session';
import { serveNhsGateway } from '../sessions/nhs-gateway-session';
import { servePocFive } from '../sessions/poc-five-session';
import { refuseDisabledProfile } from '../sessions/profile-policy';
import { SessionSocket } from '../sessions/session-socket';
import { WATCHDOG_PROFILE } from './watchdog';

export const DEFAULT_PROFILE = 'nhs-gateway/1';

export interface RouterDeps {
  actions: ActionService;
  session: Omit<ModalityLinkDeps, 'log'>;
  /** Which unsigned compatibility profiles are on, and what each may do. */
  profiles: ProfilesConfig;
  /** The worklist's IANA time zone: nhs-gateway/1 sends UTC scheduled times, converted to it. */
  worklistTimeZone: string;
  log: Logger;
}

/**
 * Picks the profile for each accepted connection from the query the sender put on its connect URL
 * (the listener cannot see the sender's headers, but the relay carries the query in the accept address):
 * `?profile=modality-link/1&workstation=<id>`, `?profile=poc-five`, `?profile=watchdog`, or nothing for
 * `nhs-gateway/1`, the production default. The two unsigned profiles are served only when the config turns
 * them on; otherwise their request gets a `profile_disabled` error (ADR 0012). hyco-ws emits `connection` before the socket is open, so
 * nothing is sent until `open`.
 */
export class ConnectionRouter {
  private readonly open = new Set<SessionSocket>();
  connections = 0;

  constructor(private readonly deps: RouterDeps) {}

  readonly accept = (raw: LegacySocket): void => {
    this.connections += 1;
    const log = this.deps.log;
    raw.on('error', (error) => log.debug({ error: errorText(error) }, 'session socket error'));
    const { profile, workstation } = routeOf(raw.url);
    const socket = new SessionSocket(raw, log);
    raw.once('open', () => {
      try {
        this.open.add(socket);
        socket.onClose(() => this.open.delete(socket));
        this.serve(socket, profile, workstation);
      } catch (error) {
        log.error({ profile, error: errorText(error) }, 'could not start session');
        socket.terminate();
      }
    });
  };

  get openConnections(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const socket of this.open) socket.close(1001, 'Gateway stopping');
    this.open.clear();
  }

  private serve(socket: SessionSocket, profile: string, workstation: string | undefined): void {
    switch (profile) {
      case 'modality-link/1':
        new ModalityLinkSession(socket, { ...this.deps.session, log: this.deps.log }, workstation).start();
        return;
      case 'nhs-gateway/1':
      case 'poc-five': {
        const policy = this.deps.profiles[profile];
        const log = this.deps.log.child({ profile });
        if (!policy.enabled)
          return refuseDisabledProfile(socket, profile, log, policy.request_timeout_seconds * 1000);
        return profile === 'poc-five'
          ? servePocFive(socket, this.deps.actions, this.deps.profiles['poc-five'], this.deps.log)
          : serveNhsGateway(socket, this.deps.actions, policy, this.deps.worklistTimeZone, this.deps.log);
      }
      case WATCHDOG_PROFILE:
        // The watchdog's probe: echo text back, nothing else. Harmless to anyone else holding a Send key.
        socket.onText(
          (text) => socket.send(text.slice(0, 1024)),
          () => socket.close(1003),
        );
        return;
      default:
        this.deps.log.info({ profile: profile.slice(0, 64) }, 'unknown profile refused');
        socket.sendJson({
          status: 'error',
          code: 'unsupported_profile',
          message: `Unsupported profile: ${profile.slice(0, 64)}`,
        });
        socket.close(1008, 'Unsupported profile');
    }
  }
}

export function routeOf(address: string | undefined): { profile: string; workstation: string | undefined } {
  try {
    const params = new URL(address ?? '').searchParams;
    return {
      profile: params.get('profile') || DEFAULT_PROFILE,
      workstation: params.get('workstation') || undefined,
    };
  } catch {
    return { profile: DEFAULT_PROFILE, workstation: undefined };
  }
}
