import { z } from 'zod';
import { ACTION_TYPES, type WireActionType } from 'modality-link-protocol';

/**
 * The unsigned compatibility profiles (`nhs-gateway/1`, `poc-five`). They carry no signature: the relay's
 * Send key is their only credential, and every workstation holds that key. So each is off unless the
 * config turns it on, and then may do only what its own allow-list names (ADR 0012).
 */
export const COMPAT_PROFILES = ['nhs-gateway/1', 'poc-five'] as const;
export type CompatProfile = (typeof COMPAT_PROFILES)[number];

/** Production's own action set, without its test-item and our message.deliver (issue 13 may widen it). */
export const DEFAULT_PROFILE_ACTIONS: Record<CompatProfile, WireActionType[]> = {
  'nhs-gateway/1': ['worklist.create_item', 'worklist.update_status', 'echo', 'health'],
  // The seed's sender: one opaque message for a named destination, which the gateway runs as message.deliver.
  'poc-five': ['message.deliver'],
};

const destinationName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a destination name (letters, digits, ".", "_", "-")');

const profileFields = (profile: CompatProfile) => ({
  enabled: z.boolean().default(false),
  /** The action types this profile may carry; anything else is refused with `not_allowed`. */
  actions: z
    .array(z.enum(ACTION_TYPES))
    .min(1, 'name at least one action (or set enabled: false)')
    .default(DEFAULT_PROFILE_ACTIONS[profile]),
  /** When set, the destinations its actions may name (narrower than `allowed_destinations`). */
  destinations: z.array(destinationName).optional(),
  /** Production's listener waits 30 s for the request, then drops the connection; so do we. */
  request_timeout_seconds: z.number().min(0.05).max(300).default(30),
});

const defaults = (profile: CompatProfile) => ({
  enabled: false,
  actions: DEFAULT_PROFILE_ACTIONS[profile],
  request_timeout_seconds: 30,
});

/** The seed names its destination by URL (up to 300 characters); IT maps each URL to a configured one. */
export const POC_FIVE_DESTINATION_MAX = 300;

export const profilesSchema = z
  .strictObject({
    'nhs-gateway/1': z.strictObject(profileFields('nhs-gateway/1')).default(defaults('nhs-gateway/1')),
    'poc-five': z
      .strictObject({
        ...profileFields('poc-five'),
        /**
         * The seed's destination URLs and the configured destination each stands for. The gateway never
         * sends to a URL from the wire: an unmapped one is refused with `not_allowed` (ADR 0019).
         */
        destination_urls: z
          .record(z.string().min(1).max(POC_FIVE_DESTINATION_MAX), destinationName)
          .optional(),
      })
      .default(defaults('poc-five')),
  })
  .default({ 'nhs-gateway/1': defaults('nhs-gateway/1'), 'poc-five': defaults('poc-five') });

export type ProfilesConfig = z.infer<typeof profilesSchema>;
export type ProfilePolicy = ProfilesConfig[CompatProfile];

/** The unsigned profiles this config turns on, for `check`'s warning and the start-up log. */
export function enabledCompatProfiles(profiles: ProfilesConfig): CompatProfile[] {
  return COMPAT_PROFILES.filter((p) => profiles[p].enabled);
}
