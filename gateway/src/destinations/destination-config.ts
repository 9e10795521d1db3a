import { z } from 'zod';

/**
 * Configuration of the hospital destinations, one entry per destination in the gateway's config file
 * (`destinations:`). Strict objects, so a misspelt key is an error that names it instead of a setting
 * silently ignored. Secrets (`bearer_token`) may be literals or the core's `env:NAME` / `file:PATH`
 * references; relative paths are resolved against the config file's folder.
 */
/** Type errors say which key, and whether it is missing or of the wrong kind. */
const expected = (key: string, what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `${key} is required` : `${key} must be ${what}`,
});

const name = z
  .string(expected('name', 'a string'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'name: letters, digits, ".", "_" and "-" (at most 64)');

const timeoutMs = (key: string, fallback: number) =>
  z
    .number(expected(key, 'a number of milliseconds'))
    .int(`${key} must be a whole number of milliseconds`)
    .min(100, `${key} must be at least 100`)
    .max(120_000, `${key} must be at most 120000`)
    .default(fallback);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * HTTPS only, with one exception: plain HTTP to the loopback interface. Traffic to 127.0.0.1 never leaves
 * the machine, so TLS would protect nothing there; it is what the tests use and what a trust's engine
 * running on the gateway host would offer. Anything that crosses a network must be HTTPS.
 */
function isAllowedBaseUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

const worklistDestinationConfigSchema = z.strictObject({
  name,
  type: z.literal('worklist'),
});

const fhirDestinationConfigSchema = z.strictObject({
  name,
  type: z.literal('fhir'),
  base_url: z
    .string(expected('base_url', 'a URL'))
    .refine(
      isAllowedBaseUrl,
      'base_url must be https:// (plain http:// only to 127.0.0.1/localhost), without credentials or query',
    ),
  /** PEM file of the CA that issued the server's certificate, trusted in addition to the public roots. */
  ca_file: z.string(expected('ca_file', 'a path')).min(1, 'ca_file must not be empty').optional(),
  bearer_token: z
    .string(expected('bearer_token', 'a string'))
    .min(1, 'bearer_token must not be empty')
    .optional(),
  timeout_ms: timeoutMs('timeout_ms', 15_000),
});

const hl7MllpDestinationConfigSchema = z.strictObject({
  name,
  type: z.literal('hl7-mllp'),
  host: z.string(expected('host', 'a host name or address')).min(1, 'host must not be empty'),
  port: z
    .number(expected('port', 'a number'))
    .int('port must be a whole number')
    .min(1, 'port must be 1-65535')
    .max(65_535, 'port must be 1-65535'),
  timeout_ms: timeoutMs('timeout_ms', 10_000),
});

const fileDestinationConfigSchema = z.strictObject({
  name,
  type: z.literal('file'),
  directory: z.string(expected('directory', 'a path')).min(1, 'directory must not be empty'),
});

export const destinationConfigSchema = z.discriminatedUnion(
  'type',
  [
    worklistDestinationConfigSchema,
    fhirDestinationConfigSchema,
    hl7MllpDestinationConfigSchema,
    fileDestinationConfigSchema,
  ],
  { error: 'type must be one of worklist, fhir, hl7-mllp, file' },
);

export type DestinationConfig = z.infer<typeof destinationConfigSchema>;

type ParsedDestinations = { ok: true; configs: DestinationConfig[] } | { ok: false; issues: string[] };

/**
 * Validates the `destinations` list; every issue reads `destinations[i].key: problem`, so a person
 * editing the file is pointed at the exact line. Duplicate names are refused: a delivery names its
 * destination, and two with one name would make that ambiguous.
 */
export function parseDestinationConfigs(entries: readonly unknown[]): ParsedDestinations {
  const issues: string[] = [];
  const configs: DestinationConfig[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    // Duplicates are checked on the raw name, so they are reported even next to other errors.
    const rawName = (entry as { name?: unknown } | null)?.name;
    if (typeof rawName === 'string') {
      if (seen.has(rawName)) issues.push(`destinations[${index}].name: duplicate name "${rawName}"`);
      seen.add(rawName);
    }
    const parsed = destinationConfigSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        issues.push(`destinations[${index}]${path}: ${issue.message}`);
      }
      return;
    }
    configs.push(parsed.data);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, configs };
}
