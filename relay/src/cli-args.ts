import { parseCommandLine, UsageError, type OptionSpec } from './cli-kit.js';
import type { RelayRight, RelayRule } from './types.js';

export const DEFAULT_PORT = 9350;

export interface CliConfig {
  command: 'run' | 'help' | 'version' | 'keygen';
  host: string;
  port: number;
  namespace: string | undefined;
  entities: string[];
  rules: RelayRule[];
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  acceptTimeoutMs: number | undefined;
  maxListeners: number | undefined;
  logFormat: 'text' | 'json' | 'none';
}

/** A mistake on the command line (exit 2); the shared UsageError, so every CLI reports it alike. */
export class CliError extends UsageError {}

export const USAGE = `Usage: modality-link-relay [options]
       modality-link-relay keygen

A local Azure Relay (Hybrid Connections) on this machine, for development, tests and site rehearsals.

Options:
  --host HOST              interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --port PORT              port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --namespace NAME         namespace name tokens may carry in sr (default local.servicebus.windows.net)
  --entity NAME            a hybrid connection; repeat for more (at least one)
  --rule [ENTITY/]NAME:KEY:RIGHTS
                           a shared access policy; RIGHTS is a comma list of listen, send, manage;
                           prefix ENTITY/ to scope it to one hybrid connection; repeat for more
  --tls-cert FILE          PEM certificate: serve wss:// (needs --tls-key)
  --tls-key FILE           PEM private key for --tls-cert
  --accept-timeout MS      how long a sender waits for a listener to accept (default 30000)
  --max-listeners N        listeners per hybrid connection (default 25, as Azure)
  --log text|json|none     connection log on stderr (default text); never shows keys or tokens
  -h, --help               show this help
  -V, --version            print the version

Commands:
  keygen                   print a new random 256-bit key, shaped like the keys Azure issues

Prints "relay listening on ws(s)://HOST:PORT" on stdout once ready; stops cleanly on SIGINT/SIGTERM.`;

const RIGHTS: readonly RelayRight[] = ['listen', 'send', 'manage'];

const OPTIONS: OptionSpec = {
  host: { type: 'string' },
  port: { type: 'string' },
  namespace: { type: 'string' },
  entity: { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'accept-timeout': { type: 'string' },
  'max-listeners': { type: 'string' },
  log: { type: 'string' },
};

/** This CLI words parse errors as `unknown option --x` / `--x needs a value` (its tests and docs did first). */
function relayWording(error: UsageError): CliError {
  const match = /^(-{1,2}[^:]+): (.*)$/.exec(error.message);
  if (!match) return new CliError(error.message, error.showUsage);
  const [, name, problem] = match;
  if (problem!.startsWith('unknown option')) return new CliError(`unknown option ${name}`, true);
  return new CliError(`${name} ${problem}`, error.showUsage);
}

/** Parses the command line; throws CliError with a message meant for the person who typed it. */
export function parseCliArgs(argv: readonly string[]): CliConfig {
  const config: CliConfig = {
    command: 'run',
    host: '127.0.0.1',
    port: DEFAULT_PORT,
    namespace: undefined,
    entities: [],
    rules: [],
    tlsCert: undefined,
    tlsKey: undefined,
    acceptTimeoutMs: undefined,
    maxListeners: undefined,
    logFormat: 'text',
  };
  let line: ReturnType<typeof parseCommandLine>;
  try {
    line = parseCommandLine(argv, OPTIONS, true);
  } catch (error) {
    throw error instanceof UsageError ? relayWording(error) : error;
  }
  if (line.help) return { ...config, command: 'help' };
  if (line.version) return { ...config, command: 'version' };
  const [command, ...extra] = line.positionals;
  if (command === 'keygen' && extra.length === 0) return { ...config, command: 'keygen' };
  if (command !== undefined) throw new CliError(`unexpected argument '${command}'`, true);
  const v = line.values;
  const text = (name: string): string | undefined => v[name] as string | undefined;
  if (text('host') !== undefined) config.host = text('host')!;
  if (text('port') !== undefined) config.port = integer('--port', text('port')!, 0, 65535);
  config.namespace = text('namespace');
  config.entities = (v.entity as string[] | undefined) ?? [];
  config.rules = ((v.rule as string[] | undefined) ?? []).map(parseRule);
  config.tlsCert = text('tls-cert');
  config.tlsKey = text('tls-key');
  if (text('accept-timeout') !== undefined)
    config.acceptTimeoutMs = integer('--accept-timeout', text('accept-timeout')!, 1, 600_000);
  if (text('max-listeners') !== undefined)
    config.maxListeners = integer('--max-listeners', text('max-listeners')!, 1, 1000);
  const format = text('log');
  if (format !== undefined) {
    if (format !== 'text' && format !== 'json' && format !== 'none')
      throw new CliError('--log must be text, json or none');
    config.logFormat = format;
  }
  if (config.entities.length === 0) throw new CliError('at least one --entity NAME is required');
  if (config.rules.length === 0) throw new CliError('at least one --rule NAME:KEY:RIGHTS is required');
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new CliError('--tls-cert and --tls-key go together');
  }
  return config;
}

/** `[ENTITY/]NAME:KEY:RIGHTS`; the key sits between the first and the last colon. */
export function parseRule(spec: string): RelayRule {
  const first = spec.indexOf(':');
  const last = spec.lastIndexOf(':');
  if (first <= 0 || last === first)
    throw new CliError(`--rule '${redact(spec)}' must look like [ENTITY/]NAME:KEY:RIGHTS`);
  const head = spec.slice(0, first);
  const key = spec.slice(first + 1, last);
  const slash = head.lastIndexOf('/');
  const name = head.slice(slash + 1);
  const entity = slash >= 0 ? head.slice(0, slash) : undefined;
  if (!name) throw new CliError(`--rule for '${head}' has no rule name`);
  if (!key) throw new CliError(`--rule '${name}' has an empty key`);
  const rights = spec
    .slice(last + 1)
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter((r) => r.length > 0);
  const unknown = rights.filter((r) => !RIGHTS.includes(r as RelayRight));
  if (rights.length === 0 || unknown.length > 0) {
    throw new CliError(
      `--rule '${name}' has bad rights '${spec.slice(last + 1)}': use listen, send and/or manage`,
    );
  }
  return entity === undefined
    ? { name, key, rights: rights as RelayRight[] }
    : { name, key, rights: rights as RelayRight[], entity };
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new CliError(`${flag} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Error messages echo a rule spec without its key. */
function redact(spec: string): string {
  const first = spec.indexOf(':');
  return first < 0 ? spec : `${spec.slice(0, first)}:***`;
}
