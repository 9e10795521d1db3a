import { z } from 'zod';
import { destinationConfigSchema } from '../destinations/destination-config';
import { aeTitleSchema, dicomPortFields } from './dicom-port';
import { DEFAULT_WORKLIST_TIME_ZONE, ianaTimeZoneSchema } from '../worklist/scheduled-time';
import { COMPAT_PROFILES, profilesSchema } from './profiles';

/**
 * The gateway's one config file, as written by people (snake_case, YAML or JSON). Secrets are references
 * (`env:NAME`, `file:PATH`) or literals; `load.ts` resolves them. Defaults are the production ones;
 * tests shorten the timers.
 */
const secretRef = z.string().min(1, 'must not be empty');
const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-" (at most 64)');
const seconds = (min: number, max: number) => z.number().min(min).max(max);
const aeTitle = aeTitleSchema;

export const relayEndpointSchema = z
  .string()
  .regex(
    /^(wss?|https?|sb):\/\/[^/\s]+\/?$/,
    'a URL like sb://NAMESPACE.servicebus.windows.net or ws://127.0.0.1:PORT',
  );

export const relayRuleSchema = z.strictObject({
  rule: z.string().min(1).max(256),
  key: secretRef,
});

export const trustedWorkstationSchema = z.strictObject({
  name,
  /** The workstation id the app sends in `hello`; when set, a hello from another id with this key is refused. */
  id: z.string().min(1).max(64).optional(),
  public_key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64 Ed25519 public key (44 characters)'),
});

/** Each destination is validated by the adapters' own schema (gateway/src/destinations). */
export const destinationEntrySchema = destinationConfigSchema;

/** Refuses a second entry of the same name in a list (each issue at the repeated name); returns the names. */
function uniqueNames(
  items: ReadonlyArray<{ name: string }>,
  list: string,
  what: string,
  ctx: z.RefinementCtx,
): Set<string> {
  const names = new Set<string>();
  items.forEach((item, i) => {
    if (names.has(item.name))
      ctx.addIssue({
        code: 'custom',
        path: [list, i, 'name'],
        message: `duplicate ${what} name "${item.name}"`,
      });
    names.add(item.name);
  });
  return names;
}

export const configSchema = z
  .strictObject({
    gateway: z.strictObject({ id: name, name: z.string().min(1).max(200).optional() }),
    relay: z.strictObject({
      endpoint: relayEndpointSchema,
      hybrid_connection: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9._-]+)*$/, 'a hybrid connection name'),
      listen: relayRuleSchema,
      /** Send rights for the watchdog's self-echo and for `check`; without it the watchdog is off. */
      send: relayRuleSchema.optional(),
      keepalive_seconds: seconds(5, 210).default(60),
      connect_timeout_seconds: seconds(0.1, 300).default(30),
      /** Lifetime of each listen token; hyco-ws renews hourly, so anything under 2 h risks a gap. */
      token_hours: seconds(2, 24).default(3),
      backoff: z
        .strictObject({
          initial_ms: z.number().int().min(10).max(60_000).default(1000),
          max_ms: z.number().int().min(100).max(600_000).default(60_000),
        })
        .default({ initial_ms: 1000, max_ms: 60_000 }),
    }),
    /**
     * Outbound HTTP proxy (CONNECT) for the relay connections and FHIR destinations. Absent: the
     * environment's HTTPS_PROXY/HTTP_PROXY/NO_PROXY; `url: none`: always direct (ADR 0016).
     */
    proxy: z
      .strictObject({
        url: z.string().min(1),
        username: z.string().min(1).optional(),
        password: secretRef.optional(),
        no_proxy: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    data_dir: z.string().min(1),
    /** Reference to the gateway's signing key JSON (`file:./gateway-signing-key.json`), written by `init`. */
    signing_key: secretRef,
    trusted_workstations: z.array(trustedWorkstationSchema).default([]),
    /** The unsigned compatibility profiles: off unless turned on here, each with its allow-list (ADR 0012). */
    profiles: profilesSchema,
    destinations: z.array(destinationEntrySchema).default([]),
    /** Destinations `message.deliver` may name; default: every configured destination. */
    allowed_destinations: z.array(name).optional(),
    worklist: z
      .strictObject({
        enabled: z.boolean().default(true),
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(4243),
        ae_title: aeTitle.default('MODALITYLINK'),
        /** MPPS (N-CREATE/N-SET) on the same AE title and port, as production's worklist service does. */
        mpps: z.boolean().default(true),
        /** The zone DICOM dates and times are in; nhs-gateway/1 sends UTC and is converted to it (ADR 0019). */
        time_zone: ianaTimeZoneSchema.default(DEFAULT_WORKLIST_TIME_ZONE),
        ...dicomPortFields,
      })
      .default({
        enabled: true,
        host: '0.0.0.0',
        port: 4243,
        ae_title: 'MODALITYLINK',
        mpps: true,
        time_zone: DEFAULT_WORKLIST_TIME_ZONE,
      }),
    /**
     * The storage SCP (C-STORE) the modality sends images to. Off unless configured, so an upgrade never
     * opens a new port on its own; `init` writes it switched on. `directory` defaults to `<data_dir>/images`.
     */
    storage: z
      .strictObject({
        enabled: z.boolean().default(false),
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(4244),
        ae_title: aeTitle.default('MODLINK_STORE'),
        directory: z.string().min(1).optional(),
        ...dicomPortFields,
        /**
         * Accept lossy JPEG, JPEG-LS and JPEG 2000 for For Presentation images (never For Processing).
         * Off: such contexts are refused with a log line, never accepted silently.
         */
        accept_lossy_for_presentation: z.boolean().optional(),
        /** Decode lossless-compressed images for thumbnails (else they get the "NO PREVIEW" placeholder). */
        decode_compressed: z.boolean().default(true),
        /**
         * Days image files are kept, then removed with their index rows. Absent: kept for ever, so an
         * upgrade never deletes images by itself; `init` writes 30 (ADR 0009).
         */
        retention_days: seconds(0.0001, 3650).optional(),
      })
      .default({
        enabled: false,
        host: '0.0.0.0',
        port: 4244,
        ae_title: 'MODLINK_STORE',
        decode_compressed: true,
      }),
    /**
     * The loopback-only monitoring endpoint (`status`, /health, /metrics; ADR 0016). Off unless configured,
     * so an upgrade never opens a port on its own; `init` writes it switched on.
     */
    monitoring: z
      .strictObject({
        enabled: z.boolean().default(false),
        port: z.number().int().min(1).max(65535).default(4250),
      })
      .default({ enabled: false, port: 4250 }),
    watchdog: z
      .strictObject({
        interval_seconds: seconds(0.05, 3600).default(60),
        timeout_seconds: seconds(0.05, 120).default(30),
      })
      .default({ interval_seconds: 60, timeout_seconds: 30 }),
    session: z
      .strictObject({
        window: z.number().int().min(1).max(100_000).default(4096),
        event_resend_seconds: seconds(0.05, 3600).default(30),
      })
      .default({ window: 4096, event_resend_seconds: 30 }),
    /**
     * Retries of transient destination faults: capped exponential backoff with full jitter, without limit
     * (ADR 0014). `max_attempts` is still accepted so older configs load, but no longer stops anything;
     * `run` warns when it is set.
     */
    delivery: z
      .strictObject({
        max_attempts: z.number().int().min(1).max(100).optional(),
        initial_backoff_ms: z.number().int().min(1).max(3_600_000).default(2000),
        max_backoff_ms: z.number().int().min(1).max(86_400_000).default(30_000),
      })
      .default({ initial_backoff_ms: 2000, max_backoff_ms: 30_000 }),
    retention: z.strictObject({ days: seconds(0.0001, 3650).default(30) }).default({ days: 30 }),
    log: z
      .strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .default({ level: 'info' }),
  })
  .superRefine((config, ctx) => {
    const names = uniqueNames(config.destinations, 'destinations', 'destination', ctx);
    config.allowed_destinations?.forEach((n, i) => {
      if (!names.has(n))
        ctx.addIssue({
          code: 'custom',
          path: ['allowed_destinations', i],
          message: `"${n}" is not a configured destination`,
        });
    });
    for (const profile of COMPAT_PROFILES) {
      config.profiles[profile].destinations?.forEach((n, i) => {
        if (!names.has(n))
          ctx.addIssue({
            code: 'custom',
            path: ['profiles', profile, 'destinations', i],
            message: `"${n}" is not a configured destination`,
          });
      });
    }
    for (const [url, n] of Object.entries(config.profiles['poc-five'].destination_urls ?? {})) {
      if (!names.has(n))
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', 'poc-five', 'destination_urls', url],
          message: `"${n}" is not a configured destination`,
        });
    }
    const { worklist, storage } = config;
    if (
      worklist.enabled &&
      storage.enabled &&
      storage.port !== 0 &&
      storage.port === worklist.port &&
      (storage.host === worklist.host || storage.host === '0.0.0.0' || worklist.host === '0.0.0.0')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'port'],
        message: `${storage.port} is the worklist port; the storage SCP needs a port of its own (e.g. 4244)`,
      });
    }
    uniqueNames(config.trusted_workstations, 'trusted_workstations', 'workstation', ctx);
  });

export type RawConfig = z.infer<typeof configSchema>;
export type TrustedWorkstation = z.infer<typeof trustedWorkstationSchema>;
export type DestinationEntry = z.infer<typeof destinationEntrySchema>;
