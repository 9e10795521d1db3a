import pino from 'pino';
import { RotatingLogFile } from './support/rotating-log-file';

export type Logger = pino.Logger;

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * The level asked for, or `info` with the reason when it is not one pino knows: a mistyped machine
 * setting must not stop the app from starting (pino throws on an unknown level).
 */
export function chooseLogLevel(requested: string | undefined): { level: string; refused?: string } {
  const level = requested?.trim().toLowerCase();
  if (!level) return { level: 'info' };
  if (LEVELS.includes(level)) return { level };
  return { level: 'info', refused: requested };
}

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
  // MODALITY_LINK_LOG_LEVEL (debug, info, warn, error) changes the level without a rebuild.
  const { level, refused } = chooseLogLevel(options.level ?? process.env.MODALITY_LINK_LOG_LEVEL);
  const logger = pino(
    {
      name: 'modality-link',
      level,
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
  if (refused !== undefined)
    logger.warn(
      { requested: refused, allowed: LEVELS.slice(0, 5) },
      'MODALITY_LINK_LOG_LEVEL is not a log level; logging at info',
    );
  return logger;
}
