import type { ProfilesConfig } from '../config/profiles';
import type { ActionService } from '../inbox/action-service';
import type { Logger } from '../logger';

/** What the core hands every compatibility profile: the one action entry point and the config. */
export interface CompatDeps {
  actions: ActionService;
  /** Each profile reads its own entry: allow-list, request timeout, and poc-five's destination URLs. */
  profiles: ProfilesConfig;
  /** The worklist's IANA time zone: nhs-gateway/1 sends UTC scheduled times, converted to it. */
  worklistTimeZone: string;
  log: Logger;
}

/**
 * What a compatibility profile supplies (ADR 0031). Both are one request, one reply, then close; the
 * shared shell (`one-shot.ts`) owns the socket, the timeout and the JSON parse, so a profile is only
 * the translation between its peer's frames and our actions. Whatever it answers goes through
 * `ActionService`, the same inbox and allow-lists as `modality-link/1`.
 */
export interface CompatProfileHandler {
  /** The reply to one parsed JSON request, in the peer's shape; sent once this resolves. */
  answer(request: unknown, deps: CompatDeps): Promise<unknown>;
  /** The peer's error shape, for the shell's own refusals (bad JSON, a second request, no request). */
  refusal(message: string): unknown;
}
