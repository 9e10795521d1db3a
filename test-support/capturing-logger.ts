import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A logger that keeps what it writes, for tests and benches that read the log back. */
export interface CapturedLog {
  log: Logger;
  /** Every line as pino wrote it (JSON text and its newline), oldest first. */
  lines: string[];
  /** The lines parsed. */
  records(): Array<Record<string, unknown>>;
}

/**
 * The one capturing logger of the test kit. Deliberately plain pino without the products' redaction:
 * a test that asserts no patient data reaches the log then sees exactly what the code passed to the
 * logger (the first line of defence), not what a redact list happened to hide. Silent loggers come
 * from each product's own factory (`silentLogger` in the gateway, `createLogger({ level: 'silent' })`
 * in the app). `onRecord` sees each line as it is written, for benches that gather figures per phase.
 */
export function capturingLogger(
  level = 'debug',
  onRecord?: (record: Record<string, unknown>) => void,
): CapturedLog {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString('utf8');
      lines.push(line);
      onRecord?.(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return {
    log: pino({ level }, sink),
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
