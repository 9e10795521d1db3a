import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogLevel, createLogger } from './logger';

function collect(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('log level', () => {
  it('takes a known level in any case and defaults to info', () => {
    expect(chooseLogLevel('DEBUG')).toEqual({ level: 'debug' });
    expect(chooseLogLevel(' warn ')).toEqual({ level: 'warn' });
    expect(chooseLogLevel(undefined)).toEqual({ level: 'info' });
  });

  it('starts at info and says so when the setting is not a level, instead of failing to start', () => {
    const out = collect();
    const log = createLogger({ level: 'verbose', destination: out.stream });
    log.debug('hidden');
    log.info('shown');
    const lines = out.lines();
    expect(lines[0]).toMatchObject({ level: 40, requested: 'verbose' });
    expect(String(lines[0]?.msg)).toContain('not a log level');
    expect(lines.map((l) => l.msg)).toEqual([lines[0]?.msg, 'shown']);
  });
});
