#!/usr/bin/env node
import { ConfigError } from './config/load';
import { usageErrorText } from 'modality-link-relay';
import { err, out, parseArgs, UsageError } from './cli/args';
import { checkCommand } from './cli/check';
import { initCommand } from './cli/init';
import { keyCommand } from './cli/key';
import { runCommand } from './cli/run';
import { statusCommand } from './cli/status';
import { trustCommand } from './cli/trust';
import { worklistCommand } from './cli/worklist';
import { GATEWAY_VERSION } from './version';

const USAGE = `modality-link-gateway ${GATEWAY_VERSION}

  init [--dir D] [--relay URL] [--hybrid-connection NAME] [--worklist-port N] [--storage-port N]
       [--modality-ae AE[,AE…]]      write a commented gateway.yaml and a signing key pair; the DICOM
                                     ports admit only these calling AE titles
  check [--offline] [--json] [--config FILE]
                                     validate config, proxy, database, relay credentials, self-echo,
                                     ports, destinations (--offline: skip the relay lines, for start-up)
  run [--config FILE]                start the gateway (stops cleanly on SIGINT/SIGTERM)
  status [--json] [--config FILE]    ask the running gateway how it is: one line per check; exit 0
                                     healthy, 1 degraded, 2 down (needs monitoring.enabled)
  trust add <name> <publicKey> [--id <workstationId>] | trust list | trust remove <name|keyId>
  worklist backup-reset <file>       back up the database (0600), then clear finished and past worklist items
  key [--create] [--config FILE]     print the gateway's public key and fingerprint (--create: make the
                                     key file the config names if it does not exist)

  -h, --help  this text;  -V, --version  the version

The config file defaults to $MODALITY_LINK_GATEWAY_CONFIG, then ./gateway.yaml.`;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.positionals[0];
  if (args.options.has('version')) {
    out(GATEWAY_VERSION);
    return 0;
  }
  if (args.options.has('help') || command === 'help') {
    out(USAGE);
    return 0;
  }
  if (!command) throw new UsageError('no command given', true);
  switch (command) {
    case 'init':
      return initCommand(args);
    case 'check':
      return checkCommand(args);
    case 'run':
      return runCommand(args);
    case 'status':
      return statusCommand(args);
    case 'trust':
      return trustCommand(args);
    case 'worklist':
      return worklistCommand(args);
    case 'key':
      return keyCommand(args);
    case 'version':
      out(GATEWAY_VERSION);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`, true);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      err(`Config error in ${error.file}:`);
      for (const issue of error.issues) err(`  ${issue.path || '(file)'}: ${issue.message}`);
    } else if (error instanceof UsageError) {
      process.stderr.write(usageErrorText('modality-link-gateway', error, USAGE));
    } else {
      err(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
