import { parseCommandLine, type OptionSpec } from 'modality-link-relay';

export { UsageError } from 'modality-link-relay';

/** Commands and their positionals, with the options as a map (`--flag` → true). */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/**
 * Every option any command takes; strict, so a typo is "unknown option" (exit 2) rather than ignored.
 * Parsed the way all three CLIs parse (modality-link-relay's parseCommandLine: node:util parseArgs).
 */
const OPTIONS: OptionSpec = {
  config: { type: 'string' },
  dir: { type: 'string' },
  relay: { type: 'string' },
  'hybrid-connection': { type: 'string' },
  'worklist-port': { type: 'string' },
  'storage-port': { type: 'string' },
  'modality-ae': { type: 'string' },
  id: { type: 'string' },
  offline: { type: 'boolean' },
  create: { type: 'boolean' },
  json: { type: 'boolean' },
};

export function parseArgs(argv: string[]): ParsedArgs {
  const line = parseCommandLine(argv, OPTIONS, true);
  const options = new Map<string, string | true>();
  for (const [name, value] of Object.entries(line.values))
    if (value === true || typeof value === 'string') options.set(name, value);
  if (line.help) options.set('help', true);
  if (line.version) options.set('version', true);
  return { positionals: line.positionals, options };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--config`, else $MODALITY_LINK_GATEWAY_CONFIG, else ./gateway.yaml. */
export function configPath(args: ParsedArgs): string {
  return option(args, 'config') ?? process.env.MODALITY_LINK_GATEWAY_CONFIG ?? 'gateway.yaml';
}

export const out = (line = ''): void => void process.stdout.write(`${line}\n`);
export const err = (line = ''): void => void process.stderr.write(`${line}\n`);
