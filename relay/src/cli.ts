import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, USAGE, parseCliArgs, type CliConfig } from './cli-args.js';
import { usageErrorText } from './cli-kit.js';
import { isAzureShapedKey } from './options.js';
import { startRelay } from './relay-server.js';
import type { LocalRelay, RelayLogger } from './types.js';

/** Runs the CLI; resolves with the exit code once the relay has stopped (or failed to start). */
export async function main(argv: readonly string[]): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(
      err.showUsage
        ? usageErrorText('modality-link-relay', err, USAGE)
        : `modality-link-relay: ${err.message}\nRun with --help for usage.\n`,
    );
    return 2;
  }
  if (config.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (config.command === 'version') {
    process.stdout.write(`${relayVersion()}\n`);
    return 0;
  }
  if (config.command === 'keygen') {
    process.stdout.write(`${randomBytes(32).toString('base64')}\n`);
    return 0;
  }
  for (const rule of config.rules) {
    if (!isAzureShapedKey(rule.key)) {
      process.stderr.write(
        `modality-link-relay: warning: the key of rule '${rule.name}' is not a 256-bit base64 key like Azure issues ` +
          '(fine for rehearsal; "modality-link-relay keygen" makes one)\n',
      );
    }
  }

  let relay: LocalRelay;
  try {
    relay = await startRelay({
      host: config.host,
      port: config.port,
      entities: config.entities,
      rules: config.rules,
      ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
      ...(config.acceptTimeoutMs !== undefined ? { acceptTimeoutMs: config.acceptTimeoutMs } : {}),
      ...(config.maxListeners !== undefined ? { maxListenersPerEntity: config.maxListeners } : {}),
      ...(config.tlsCert && config.tlsKey ? { tls: { cert: config.tlsCert, key: config.tlsKey } } : {}),
      logger: makeLogger(config.logFormat),
    });
  } catch (err) {
    process.stderr.write(`modality-link-relay: cannot start: ${explain(err, config)}\n`);
    return 1;
  }
  process.stdout.write(`relay listening on ${relay.url}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`modality-link-relay: ${signal} again, exiting at once\n`);
        resolve(1);
        return;
      }
      stopping = true;
      process.stderr.write(`modality-link-relay: ${signal}, stopping\n`);
      relay.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Log lines go to stderr so that stdout carries only the ready line, which scripts wait for. */
function makeLogger(format: CliConfig['logFormat']): RelayLogger {
  if (format === 'none') return () => undefined;
  if (format === 'json') return (line) => process.stderr.write(`${JSON.stringify(line)}\n`);
  return (line) => {
    const { time, event, ...rest } = line;
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    process.stderr.write(`${String(time)} ${String(event)}${fields ? ` ${fields}` : ''}\n`);
  };
}

function explain(err: unknown, config: CliConfig): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${config.port} on ${config.host} is already in use`;
  if (code === 'EADDRNOTAVAIL') return `${config.host} is not an address of this machine`;
  if (code === 'EACCES') return `not allowed to listen on port ${config.port}`;
  return err instanceof Error ? err.message : String(err);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`modality-link-relay: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** The package's version: package.json sits one folder up from both src/ (tsx) and dist/ (built). */
function relayVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}
