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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'modality-link-gateway' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
