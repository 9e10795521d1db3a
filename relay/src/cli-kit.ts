import { parseArgs } from 'node:util';

/**
 * The one argument-parsing approach of the project's three CLIs (gateway, relay, modality simulator):
 * `node:util` parseArgs in strict mode, plus the conventions every one of them follows: `--help`/`-h`
 * (usage on stdout, exit 0), `--version`/`-V` (version on stdout, exit 0), a wrong option exits 2 with a
 * one-line message naming the option (and, when the option is unknown, the usage). It lives in the relay
 * package because the gateway already depends on it and the relay must not depend on the gateway.
 */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandLine {
  values: OptionValues;
  positionals: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** True when the person should see the usage text too (an option we do not know). */
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** Node's parseArgs messages quote the option in different places; put its name first, as ours do. */
export function describeParseError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const name = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? /(--[\w-]+)/.exec(message)?.[1];
  if (!name) return new UsageError(`options: ${message}`);
  if (/Unknown option/i.test(message)) return new UsageError(`${name}: unknown option (see --help)`, true);
  if (/argument missing/i.test(message)) return new UsageError(`${name}: needs a value`);
  if (/does not take an argument/i.test(message)) return new UsageError(`${name}: takes no value`);
  if (/Unexpected argument|positional/i.test(message))
    return new UsageError(`${name}: unexpected argument`, true);
  return new UsageError(`${name}: ${message}`);
}

/** Parses argv against `options` plus help/version; throws UsageError. */
export function parseCommandLine(
  argv: readonly string[],
  options: OptionSpec,
  allowPositionals: boolean,
): CommandLine {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals,
      options: {
        ...options,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    // --help wins over any other mistake on the same line: the person is asking how to use it.
    if (argv.includes('--help') || argv.includes('-h'))
      return { values: {}, positionals: [], help: true, version: false };
    throw describeParseError(error);
  }
  const { help, version, ...values } = parsed.values;
  return { values, positionals: parsed.positionals, help: help === true, version: version === true };
}

/** The text a CLI prints for a UsageError on stderr: `name: message`, then the usage when it helps. */
export function usageErrorText(program: string, error: UsageError, usage: string): string {
  return `${program}: ${error.message}\n${error.showUsage ? `\n${usage}\n` : ''}`;
}
