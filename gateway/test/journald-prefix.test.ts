import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createLogger } from '#gateway/logger';
import { exited, spawnCli } from './helpers/cli';
import { writeTestConfig } from './helpers/config';
import { startTestRelay, type TestRelay } from './helpers/relay';

/** Under systemd each log line carries a `<N>` priority prefix, so `journalctl -p err` finds errors. */
describe('journald severities', () => {
  function lines(env: NodeJS.ProcessEnv): string[] {
    const out: string[] = [];
    const log = createLogger('debug', { write: (line: string) => void out.push(line) }, env);
    log.fatal('f');
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    return out;
  }

  it('prefixes each JSON line with its syslog priority when JOURNAL_STREAM is set, and only then', () => {
    const journal = lines({ JOURNAL_STREAM: '8:123456' });
    expect(journal.map((l) => l.slice(0, 4))).toEqual(['<2>{', '<3>{', '<4>{', '<6>{', '<7>{']);
    expect(JSON.parse(journal[1]!.slice(3))).toMatchObject({ level: 50, msg: 'e' });
    expect(lines({}).every((l) => l.startsWith('{'))).toBe(true);
  });

  describe('the running gateway', () => {
    let relay: TestRelay;
    beforeAll(async () => {
      relay = await startTestRelay();
    });
    afterAll(async () => {
      await relay.relay.stop();
    });

    it('writes prefixed lines on stdout under systemd', async () => {
      // Without relay.send the gateway warns that the watchdog is off: a warning to look for.
      const setup = await writeTestConfig(relay, { log: { level: 'info' } });
      const config = parse(readFileSync(setup.configFile, 'utf8')) as { relay: Record<string, unknown> };
      delete config.relay.send;
      writeFileSync(setup.configFile, stringify(config));
      const child = spawnCli(['run', '--config', setup.configFile], { JOURNAL_STREAM: '8:123456' });
      let stdout = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('"listener connected"')) resolve();
        });
        child.once('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      child.kill('SIGTERM');
      expect((await exited(child)).code).toBe(0);
      const lines = stdout.split('\n').filter(Boolean);
      expect(lines.every((l) => /^<[2-7]>\{/.test(l))).toBe(true);
      expect(lines.find((l) => l.includes('relay.send is not configured'))).toMatch(/^<4>/);
      expect(lines.find((l) => l.includes('"listener connected"'))).toMatch(/^<6>/);
    });
  });
});
