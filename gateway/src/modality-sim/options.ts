import { z } from 'zod';
import { parseCommandLine, UsageError } from 'modality-link-relay';
import { VIEWS, type View } from './views';

/**
 * The simulator's options, from the command line (`parseArgv`) or from code (`simulatorOptions`). Both end
 * in the same validated object; a bad option is an `OptionError` whose message starts with the option's
 * name, so the CLI can print one line that says what to fix.
 */
export { VIEWS, type View } from './views';

/** CID 9301 Modality PPS Discontinuation Reason (DCM codes): the few a screening unit would send. */
export const DISCONTINUE_REASONS = {
  unspecified: { code: '110513', meaning: 'Discontinued for unspecified reason' },
  refused: { code: '110505', meaning: 'Patient refused to continue procedure' },
  equipment: { code: '110501', meaning: 'Equipment failure' },
  condition: { code: '110515', meaning: 'Patient condition prevented continuing' },
  'wrong-item': { code: '110514', meaning: 'Incorrect worklist entry selected' },
} as const;
export type DiscontinueReason = keyof typeof DISCONTINUE_REASONS;

export interface SimulatorOptions {
  host: string;
  /** Our calling AE title: the station the worklist is filtered for. */
  ae: string;
  mwlPort: number;
  mwlAe: string;
  /** The MPPS SCP; production serves it beside the worklist, so these default to the MWL ones. */
  mppsPort: number;
  mppsAe: string;
  storePort: number;
  storeAe: string;
  /** Query without ScheduledStationAETitle, i.e. take items scheduled for any station. */
  anyStation: boolean;
  /** The scheduled date to query (YYYYMMDD); default today in Europe/London. */
  date?: string;
  once: boolean;
  accession?: string;
  discontinue: boolean;
  discontinueReason: DiscontinueReason;
  skipMpps: boolean;
  delayMs: number;
  images: View[];
  /** Folder holding RCC.dcm … LMLO.dcm; default the repository's resources/dicom. */
  imagesDir?: string;
  /** Poll the worklist every N seconds until stopped; absent: one pass. */
  pollSeconds?: number;
  /** Per-association connect/association timeout. */
  timeoutMs: number;
}

export class OptionError extends Error {
  override name = 'OptionError';
  constructor(
    message: string,
    /** An option we do not know: the CLI shows the usage too. */
    readonly showUsage = false,
  ) {
    super(message);
  }
}

const whole = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
};
// AE (PS3.5 6.2): 16 characters, no backslash or control characters; spaces at either end do not count.
const aeTitle = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(16, 'must be at most 16 characters')
  .refine(
    (ae) => ![...ae].some((c) => c === '\\' || c.charCodeAt(0) < 0x20),
    'must not contain backslashes or control characters',
  );
const views = z.string().transform((text, ctx) => {
  const picked = [...new Set(text.split(',').map((v) => v.trim().toUpperCase()))];
  const unknown = picked.find((v) => !(VIEWS as readonly string[]).includes(v));
  if (unknown !== undefined || picked.length === 0)
    ctx.addIssue({ code: 'custom', message: `unknown view "${unknown ?? ''}" (use ${VIEWS.join(', ')})` });
  return picked as View[];
});

const schema = z.object({
  host: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  ae: aeTitle.default('ALPHA_MG1'),
  'mwl-port': whole(1, 65535).default(4243),
  'mwl-ae': aeTitle.default('MODALITYLINK'),
  'mpps-port': whole(1, 65535).optional(),
  'mpps-ae': aeTitle.optional(),
  'store-port': whole(1, 65535).default(4244),
  'store-ae': aeTitle.default('MODALITYLINK'),
  'any-station': z.boolean().default(false),
  date: z
    .string()
    .regex(/^\d{8}$/, 'must be a date as YYYYMMDD')
    .optional(),
  once: z.boolean().default(false),
  accession: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(16, 'must be at most 16 characters')
    .optional(),
  discontinue: z.boolean().default(false),
  'discontinue-reason': z
    .enum(Object.keys(DISCONTINUE_REASONS) as [DiscontinueReason, ...DiscontinueReason[]], {
      error: `must be one of ${Object.keys(DISCONTINUE_REASONS).join(', ')}`,
    })
    .default('unspecified'),
  'skip-mpps': z.boolean().default(false),
  'delay-ms': whole(0, 600_000).default(0),
  images: views.default([...VIEWS]),
  'images-dir': z.string().min(1, 'must not be empty').optional(),
  'poll-seconds': z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds, at least 0.1')
    .transform(Number)
    .refine((n) => n >= 0.1 && n <= 86_400, 'must be a number of seconds from 0.1 to 86400')
    .optional(),
  'timeout-ms': whole(100, 600_000).default(10_000),
});

type RawOptions = z.input<typeof schema>;

function fromRaw(raw: RawOptions): SimulatorOptions {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'options');
    const message = issue.code === 'unrecognized_keys' ? 'unknown option' : issue.message;
    throw new OptionError(`--${name}: ${message}`);
  }
  const o = parsed.data;
  if (o.discontinue && o['skip-mpps'])
    throw new OptionError('--discontinue: needs MPPS, so it cannot be combined with --skip-mpps');
  return {
    host: o.host,
    ae: o.ae,
    mwlPort: o['mwl-port'],
    mwlAe: o['mwl-ae'],
    mppsPort: o['mpps-port'] ?? o['mwl-port'],
    mppsAe: o['mpps-ae'] ?? o['mwl-ae'],
    storePort: o['store-port'],
    storeAe: o['store-ae'],
    anyStation: o['any-station'],
    date: o.date,
    once: o.once,
    accession: o.accession,
    discontinue: o.discontinue,
    discontinueReason: o['discontinue-reason'],
    skipMpps: o['skip-mpps'],
    delayMs: o['delay-ms'],
    images: o.images,
    imagesDir: o['images-dir'],
    pollSeconds: o['poll-seconds'],
    timeoutMs: o['timeout-ms'],
  };
}

const BOOLEAN_OPTIONS = ['any-station', 'once', 'discontinue', 'skip-mpps'];
const STRING_OPTIONS = Object.keys(schema.shape).filter((key) => !BOOLEAN_OPTIONS.includes(key));

/**
 * `{ help: true }` for --help/-h and `{ help: true, version: true }` for --version/-V (print and exit 0);
 * otherwise the options, or an OptionError. Parsed the way all three CLIs parse (modality-link-relay's
 * parseCommandLine).
 */
export function parseArgv(
  argv: readonly string[],
): { help: true; version?: true } | { help: false; options: SimulatorOptions } {
  let line: ReturnType<typeof parseCommandLine>;
  try {
    line = parseCommandLine(
      argv,
      {
        ...Object.fromEntries(STRING_OPTIONS.map((key) => [key, { type: 'string' as const }])),
        ...Object.fromEntries(BOOLEAN_OPTIONS.map((key) => [key, { type: 'boolean' as const }])),
      },
      false,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new OptionError(error.message, error.showUsage);
  }
  if (line.help) return { help: true };
  if (line.version) return { help: true, version: true };
  return { help: false, options: fromRaw(line.values as RawOptions) };
}

/** Options for in-process use: the CLI defaults with `overrides` applied; ports and AE titles checked. */
export function simulatorOptions(overrides: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const merged: SimulatorOptions = { ...fromRaw({}), ...overrides };
  if (overrides.mppsPort === undefined) merged.mppsPort = merged.mwlPort;
  if (overrides.mppsAe === undefined) merged.mppsAe = merged.mwlAe;
  for (const key of ['mwlPort', 'mppsPort', 'storePort'] as const)
    if (!Number.isInteger(merged[key]) || merged[key] < 1 || merged[key] > 65535)
      throw new OptionError(`${key}: must be a whole number from 1 to 65535`);
  for (const key of ['ae', 'mwlAe', 'mppsAe', 'storeAe'] as const) {
    const checked = aeTitle.safeParse(merged[key]);
    if (!checked.success) throw new OptionError(`${key}: ${checked.error.issues[0]!.message}`);
    merged[key] = checked.data;
  }
  return merged;
}
