import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs: ids, states, counts and phases only. Patient data (payloads, names, NHS numbers) and
 * secrets are never passed to the logger in the first place; the redact list is a second line of defence
 * for the field names that could carry them.
 */
const REDACT = [
  'payload',
  'parameters',
  'worklist_item',
  'participant',
  'key',
  'token',
  'privateKey',
  'private_key',
  '*.payload',
  '*.parameters',
  '*.worklist_item',
  '*.participant',
  '*.key',
  '*.token',
];

/** syslog priorities for pino's levels (fatal → crit, error → err, warn → warning, info, debug/trace). */
function syslogPriority(level: number): number {
  if (level >= 60) return 2;
  if (level >= 50) return 3;
  if (level >= 40) return 4;
  if (level >= 30) return 6;
  return 7;
}

/**
 * Under systemd (JOURNAL_STREAM set: stdout is connected to the journal) each line starts with `<N>`, the
 * kernel-style priority prefix journald reads when SyslogLevelPrefix=yes (its default), so that
 * `journalctl -p err` finds the gateway's errors. The JSON after the prefix is unchanged.
 */
export function journalPrefixed(destination: pino.DestinationStream): pino.DestinationStream {
  return {
    write(line: string): void {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 30);
      destination.write(`<${syslogPriority(level)}>${line}`);
    },
  };
}

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const target = destination ?? pino.destination({ fd: 1, sync: false });
  return pino(
    {
      level,
      base: { service: 'modality-link-gateway' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    env.JOURNAL_STREAM ? journalPrefixed(target) : target,
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
