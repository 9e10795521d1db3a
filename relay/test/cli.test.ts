import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, parseCliArgs, parseRule } from '../src/cli-args.js';
import {
  buildConnectUrl,
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
} from '../src/index.js';
import { dial, handshake, nextMessage } from './helpers.js';

const CLI = join(__dirname, '..', 'src', 'cli.ts');
const KEY = randomBytes(32).toString('base64');

describe('CLI arguments', () => {
  it('parses repeatable entities and namespace- or entity-scoped rules', () => {
    const config = parseCliArgs([
      '--host',
      '0.0.0.0',
      '--port=0',
      '--namespace',
      'site.servicebus.windows.net',
      '--entity',
      'gateway',
      '--entity',
      'clinic/a',
      '--rule',
      `root:${KEY}:manage`,
      '--rule',
      `clinic/a/gw:${KEY}:listen,send`,
      '--accept-timeout',
      '500',
      '--log',
      'json',
    ]);
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      namespace: 'site.servicebus.windows.net',
      acceptTimeoutMs: 500,
      logFormat: 'json',
    });
    expect(config.entities).toEqual(['gateway', 'clinic/a']);
    expect(config.rules).toEqual([
      { name: 'root', key: KEY, rights: ['manage'] },
      { name: 'gw', key: KEY, rights: ['listen', 'send'], entity: 'clinic/a' },
    ]);
  });

  it('explains bad flags without echoing keys', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--entity', 'e', '--rule', 'r:k:listen', '--bogus'], /unknown option --bogus/],
      [['--entity', 'e'], /--rule/],
      [['--rule', 'r:k:listen'], /--entity/],
      [['--entity', 'e', '--rule', 'r:k:listen', '--port', 'http'], /--port must be a whole number/],
      [['--entity', 'e', '--rule', 'r:k:listen', '--tls-cert', 'c.pem'], /go together/],
      [['--entity'], /--entity needs a value/],
    ];
    for (const [argv, message] of bad) expect(() => parseCliArgs(argv)).toThrow(message);
    expect(() => parseRule('r::listen')).toThrow(/empty key/);
    expect(() => parseRule('r:secret-key:fly')).toThrow(/bad rights/);
    expect(() => parseRule('r:secret-key')).toThrow(CliError);
    try {
      parseRule('r:secret-key');
    } catch (err) {
      expect(String(err)).not.toContain('secret-key');
    }
  });
});

describe('modality-link-relay process', () => {
  let child: ChildProcessWithoutNullStreams | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  function run(args: string[]): {
    proc: ChildProcessWithoutNullStreams;
    stdout: () => string;
    stderr: () => string;
    exit: Promise<number | null>;
  } {
    const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    return { proc, stdout: () => out, stderr: () => err, exit };
  }

  it('prints the ready line, relays, logs without secrets and exits cleanly on SIGTERM', async () => {
    const cli = run([
      '--port',
      '0',
      '--entity',
      'gateway',
      '--rule',
      `RootManageSharedAccessKey:${KEY}:manage`,
    ]);
    await new Promise<void>((resolve, reject) => {
      cli.proc.stdout.on('data', () => cli.stdout().includes('\n') && resolve());
      cli.exit.then(() => reject(new Error(`exited early: ${cli.stderr()}`)), reject);
    });
    const line = cli.stdout().trim();
    expect(line).toMatch(/^relay listening on ws:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('relay listening on '.length);
    const base = parseRelayBase(url);
    const token = createSasToken(resourceUriFor(base, 'gateway'), 'RootManageSharedAccessKey', KEY, 60);

    const control = await handshake(buildListenUrl(base, 'gateway'), {
      headers: { ServiceBusAuthorization: token },
    });
    if (!('open' in control)) throw new Error('listener refused');
    control.open.on('message', (data) => {
      const { accept } = JSON.parse(data.toString()) as { accept: { address: string } };
      const { ws } = dial(accept.address); // echo handler attached before the socket opens
      ws.on('message', (m, isBinary) => ws.send(m, { binary: isBinary }));
    });
    const sender = await handshake(buildConnectUrl(base, 'gateway'), {
      headers: { ServiceBusAuthorization: token },
    });
    if (!('open' in sender)) throw new Error('sender refused');
    const reply = nextMessage(sender.open);
    sender.open.send('via cli');
    expect((await reply).data.toString()).toBe('via cli');
    sender.open.close();
    control.open.close();

    cli.proc.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout().trim().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toMatch(/listener\.connected entity=gateway/);
    expect(cli.stderr()).toMatch(/connection\.accepted/);
    expect(cli.stderr()).not.toContain(KEY);
    expect(cli.stderr()).not.toMatch(/SharedAccessSignature|sig=/);
  });

  it('exits with status 2 and a clear message on a bad rule', async () => {
    const cli = run(['--entity', 'gateway', '--rule', `gw:${KEY}:listen,fly`]);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toMatch(/bad rights 'listen,fly'/);
    expect(cli.stderr()).not.toContain(KEY);
    expect(cli.stdout()).toBe('');
  });

  it('exits with status 1 when the TLS files cannot be read', async () => {
    const cli = run([
      '--port',
      '0',
      '--entity',
      'gateway',
      '--rule',
      `gw:${KEY}:listen`,
      '--tls-cert',
      '/nope/c.pem',
      '--tls-key',
      '/nope/k.pem',
    ]);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toMatch(/Cannot read TLS certificate file '\/nope\/c.pem'/);
  });
});
