import type { LegacySocket } from 'hyco-ws';
import type { GatewayProfile } from 'modality-link-protocol';
import type { CompatDeps } from '../compat/profile';
import { serveCompat } from '../compat/serve-compat';
import { errorText } from '../logger';
import { ModalityLinkSession, type ModalityLinkDeps } from '../sessions/modality-link-session';
import { SessionSocket } from '../sessions/session-socket';
import { WATCHDOG_PROFILE } from './watchdog';

export const DEFAULT_PROFILE = 'nhs-gateway/1';

/** The core session's deps, and what the compatibility profiles get (which are on, what each may do). */
export interface RouterDeps extends CompatDeps {
  session: Omit<ModalityLinkDeps, 'log'>;
}

type ServeProfile = (socket: SessionSocket, workstation: string | undefined) => void;

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
  /**
   * Core or compatibility, per profile: a `Record` over every `GatewayProfile`, so a new profile without
   * a server is a compile error. The core speaks modality-link/1 only; the rest is `compat/` (ADR 0031).
   */
  private readonly servers: Record<GatewayProfile, ServeProfile>;

  constructor(private readonly deps: RouterDeps) {
    this.servers = {
      'modality-link/1': (socket, workstation) =>
        new ModalityLinkSession(socket, { ...deps.session, log: deps.log }, workstation).start(),
      'nhs-gateway/1': (socket) => serveCompat(socket, 'nhs-gateway/1', deps),
      'poc-five': (socket) => serveCompat(socket, 'poc-five', deps),
    };
  }

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
    if (Object.hasOwn(this.servers, profile))
      return this.servers[profile as GatewayProfile](socket, workstation);
    switch (profile) {
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
