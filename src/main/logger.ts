import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs: ids and states only. Redaction is a safety net for fields that must never appear
 * (keys, tokens, payloads, names); the first defence is not passing them to the logger at all.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: 'modality-link',
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
    options.destination ?? pino.destination(2),
  );
}
