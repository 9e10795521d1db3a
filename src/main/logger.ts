import pino from 'pino';
import { RotatingLogFile } from './support/rotating-log-file';

export type Logger = pino.Logger;

/**
 * Structured logs: ids and states only. Redaction is a safety net for fields that must never appear
 * (keys, tokens, payloads, names); the first defence is not passing them to the logger at all.
 */
export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; logDir?: string } = {},
): Logger {
  const stderr = options.destination ?? pino.destination(2);
  // With a log folder, every line also goes to a rotating file there (the OS log folder for Electron,
  // <data dir>/logs for the web host): what IT collects and "Export diagnostics" includes.
  const destination = options.logDir
    ? pino.multistream([
        { level: 'trace', stream: stderr },
        { level: 'trace', stream: new RotatingLogFile(options.logDir) },
      ])
    : stderr;
  return pino(
    {
      name: 'modality-link',
      // MODALITY_LINK_LOG_LEVEL (debug, info, warn, error) changes the level without a rebuild.
      level: options.level ?? process.env.MODALITY_LINK_LOG_LEVEL ?? 'info',
      redact: {
        paths: [
          'token',
          'key',
          'sendKey',
          'privateKey',
          'payload',
          'authorization',
          '*.token',
          '*.key',
          '*.payload',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
