/** Minimal argv parsing: `--name value`, `--name=value`, `--flag`, and positionals, in any order. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

const FLAGS = new Set(['help', 'json', 'offline', 'create']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (FLAGS.has(arg.slice(2)) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) {
      options.set(arg.slice(2), true);
    } else {
      options.set(arg.slice(2), argv[i + 1]!);
      i += 1;
    }
  }
  return { positionals, options };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--config`, else $MODALITY_LINK_GATEWAY_CONFIG, else ./gateway.yaml. */
export function configPath(args: ParsedArgs): string {
  return option(args, 'config') ?? process.env.MODALITY_LINK_GATEWAY_CONFIG ?? 'gateway.yaml';
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const out = (line = ''): void => void process.stdout.write(`${line}\n`);
export const err = (line = ''): void => void process.stderr.write(`${line}\n`);
