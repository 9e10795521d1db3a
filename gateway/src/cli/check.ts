import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { WebSocket } from 'ws';
import type { Agent } from 'node:http';
import { buildConnectUrl, buildListenUrl, describeProxy, openTunnel } from 'modality-link-relay';
import { importSigningKey, importVerifyKey, signFrame, verifyFrameSignature } from 'modality-link-protocol';
import { loadConfig, type GatewayConfig } from '../config/load';
import { enabledCompatProfiles } from '../config/profiles';
import { buildDestinations } from '../destinations/binding';
import { diskCheck } from '../health';
import { errorText } from '../logger';
import { DB_FILE, openGatewayDb, type Db } from '../db/open';
import type { Destination } from '../destinations/destination';
import { relayAgentFor } from '../relay/relay-agent';
import { connectSender, requestReply } from '../relay/sender';
import { sasTokenProvider } from '../relay/tokens';
import { WATCHDOG_PROFILE } from '../relay/watchdog';
import { TrustStore } from '../sessions/trust-store';
import { configPath, out, type ParsedArgs } from './args';

type Outcome = { ok: boolean; detail: string } | { skip: string } | { warn: string };

/**
 * `check [--offline]`: everything that can be proven before `run`, one PASS/FAIL line each, non-zero exit
 * on any FAIL. The relay is proven with traffic unless `--offline` (the pre-start check) skips it.
 */
export async function checkCommand(args: ParsedArgs): Promise<number> {
  let failed = 0;
  // --json: the same results as one document at the end, for scripts and monitoring agents.
  const json = args.options.has('json');
  const results: Array<{ name: string; status: 'pass' | 'fail' | 'skip' | 'warn'; detail: string }> = [];
  const line = (name: string, outcome: Outcome): void => {
    // A warning is a risk the site may accept knowingly: it is printed but does not fail the check.
    const status = 'skip' in outcome ? 'skip' : 'warn' in outcome ? 'warn' : outcome.ok ? 'pass' : 'fail';
    const detail = 'skip' in outcome ? outcome.skip : 'warn' in outcome ? outcome.warn : outcome.detail;
    if (status === 'fail') failed += 1;
    results.push({ name, status, detail });
    if (!json) out(`${status.toUpperCase()} ${name}: ${detail}`);
  };
  const finish = (): number => {
    if (json) out(JSON.stringify({ ok: failed === 0, checks: results }, null, 2));
    else out(failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
    return failed === 0 ? 0 : 1;
  };
  const attempt = async (name: string, fn: () => Promise<Outcome>): Promise<void> =>
    line(name, await fn().catch((e: unknown) => ({ ok: false, detail: errorText(e) })));

  let config: GatewayConfig;
  try {
    config = loadConfig(configPath(args));
    line('config', { ok: true, detail: config.file });
  } catch (error) {
    const issues = (error as { issues?: Array<{ path: string; message: string }> }).issues;
    line('config', {
      ok: false,
      detail: issues ? issues.map((i) => `${i.path || '(file)'}: ${i.message}`).join('; ') : errorText(error),
    });
    return json ? finish() : 1;
  }
  const { raw } = config;
  await attempt('signing key', async () => {
    const key = await importSigningKey({
      keyId: config.signingKey.keyId,
      privateKey: config.signingKey.privateKey.reveal(),
    });
    const frame = await signFrame<Record<string, unknown>>({ kind: 'check' }, key);
    const ok = await verifyFrameSignature(frame, await importVerifyKey(config.signingKey.publicKey));
    return { ok, detail: ok ? `key ${config.signingKey.keyId}` : 'private and public key do not match' };
  });
  await attempt('trusted workstations', async () => {
    const trust = await TrustStore.from(raw.trusted_workstations);
    return {
      ok: true,
      detail:
        trust.size === 0
          ? 'none enrolled (modality-link/1 sessions will be refused)'
          : `${trust.size} enrolled`,
    };
  });
  // A warning, not a failure: a site may need the production contract, but should know what it opens.
  for (const profile of enabledCompatProfiles(raw.profiles)) {
    out(
      `WARN profile ${profile}: on and unsigned: any sender with the Send key may ${raw.profiles[profile].actions.join(', ')}`,
    );
  }
  await attempt('data dir', async () => {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const disk = await diskCheck(config.dataDir);
    const detail = `${config.dataDir}: ${(disk.free_bytes / 1024 ** 3).toFixed(1)} GiB free (${disk.free_percent} %)`;
    return { ok: disk.ok, detail: disk.ok ? detail : `${detail}; need at least 1 GiB and 5 %` };
  });

  // Opened as `run` opens it (every schema, migrated forward), so a database written by a newer gateway is
  // refused here, before start, with run's message.
  let db: Db | undefined;
  await attempt('database', async () => {
    db = openGatewayDb(config.dataDir);
    return { ok: true, detail: join(config.dataDir, DB_FILE) };
  });

  if (args.options.has('offline')) {
    // The systemd unit's ExecStartPre: a relay outage at boot must not keep the worklist down (run
    // reconnects with backoff on its own).
    line('relay', { skip: 'listen and echo not tried (--offline)' });
  } else {
    await relayChecks(config, line, attempt);
  }

  if (raw.worklist.enabled) {
    await attempt('worklist port', () => canBind(raw.worklist.host, raw.worklist.port));
    line('worklist calling AE titles', callingAeOutcome('worklist', raw.worklist.allowed_calling_ae_titles));
  } else {
    line('worklist port', { skip: 'worklist SCP disabled' });
  }
  // Storage is opt-in (configs from before it existed have no section): nothing to prove when it is off.
  if (raw.storage.enabled) {
    await attempt('storage port', () => canBind(raw.storage.host, raw.storage.port));
    await attempt('storage directory', () => writableWithSpace(config.storageDir));
    line('storage calling AE titles', callingAeOutcome('storage', raw.storage.allowed_calling_ae_titles));
  }
  if (raw.destinations.length === 0) {
    line('destinations', { skip: 'none configured' });
  } else if (!db) {
    line('destinations', { ok: false, detail: 'not tried: the database check failed' });
  } else {
    let destinations = new Map<string, Destination>();
    try {
      destinations = buildDestinations(config, db);
    } catch (e) {
      line('destinations', { ok: false, detail: errorText(e) });
    }
    for (const d of destinations.values()) {
      await attempt(`destination ${d.name}`, async () => {
        // As `run` starts: a file drop's folder is created here, or this line names why it cannot be.
        const prepared = d.prepare ? `${await d.prepare({ removeLeftovers: false })}; ` : '';
        const result = await d.check();
        return { ok: result.ok, detail: `${d.kind}: ${prepared}${result.message}` };
      });
      await d.close().catch(() => undefined);
    }
  }
  db?.close();
  return finish();
}

/** Proves the relay with traffic: a listen handshake, then an echo sent through the relay to that listener. */
async function relayChecks(
  config: GatewayConfig,
  line: (name: string, outcome: Outcome) => void,
  attempt: (name: string, fn: () => Promise<Outcome>) => Promise<void>,
): Promise<void> {
  const { raw } = config;
  const entity = raw.relay.hybrid_connection;
  const listenUrl = buildListenUrl(config.relayBase, entity);
  const proxy = config.proxyFor?.(listenUrl);
  const agentFor = relayAgentFor(config.proxyFor, 10_000);
  if (!proxy) {
    line('proxy', { skip: 'none: relay connections go direct' });
  } else {
    // Its own line, so "the proxy refused" is never mistaken for "the relay refused".
    await attempt('proxy', async () => {
      const { hostname, port } = new URL(listenUrl);
      const target = `${hostname}:${port || 443}`;
      const tunnel = await openTunnel(proxy, hostname, Number(port || 443), 10_000);
      tunnel.destroy();
      return { ok: true, detail: `${describeProxy(proxy)}: CONNECT to ${target} succeeded` };
    });
  }
  const listenToken = sasTokenProvider(config.relayBase, entity, raw.relay.listen.rule, config.listenKey)();
  let listener: WebSocket | undefined;
  await attempt('relay listen', async () => {
    listener = await openEchoListener(listenUrl, listenToken, agentFor);
    return { ok: true, detail: `${raw.relay.endpoint} ${entity} (rule ${raw.relay.listen.rule})` };
  });
  if (!raw.relay.send || !config.sendKey) {
    line('relay echo', { skip: 'relay.send is not configured (the watchdog will be off)' });
  } else if (!listener) {
    line('relay echo', { ok: false, detail: 'not tried: the listen check failed' });
  } else {
    const sendToken = sasTokenProvider(config.relayBase, entity, raw.relay.send.rule, config.sendKey)();
    await attempt('relay echo', async () => {
      const url = buildConnectUrl(config.relayBase, entity, {
        query: { profile: WATCHDOG_PROFILE, probe: 'check' },
      });
      const ws = await connectSender(url, sendToken, 10_000, agentFor(url));
      const reply = await requestReply(ws, '{"probe":"check"}', 10_000);
      return {
        ok: reply === '{"probe":"check"}',
        detail: `echo through the relay with rule ${raw.relay.send!.rule}`,
      };
    });
  }
  listener?.terminate();
}

/** A bare protocol-level listener that echoes what it receives: proves listen rights and the round trip. */
function openEchoListener(
  url: string,
  token: string,
  agentFor: (url: string) => Agent | undefined,
): Promise<WebSocket> {
  const withAgent = (target: string) => {
    const agent = agentFor(target);
    return agent ? { agent } : {};
  };
  return new Promise((resolve, reject) => {
    const control = new WebSocket(url, { headers: { ServiceBusAuthorization: token }, ...withAgent(url) });
    control.once('open', () => resolve(control));
    control.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`relay refused the listener: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
    });
    control.on('error', (e) => reject(e));
    control.on('message', (data) => {
      try {
        const { accept } = JSON.parse(data.toString()) as { accept?: { address?: string } };
        if (!accept?.address) return;
        const peer = new WebSocket(accept.address, withAgent(accept.address));
        peer.on('error', () => undefined);
        peer.on('message', (m) => peer.send(m.toString()));
      } catch {
        // not an accept
      }
    });
  });
}

/** The image folder exists (or can be made), takes a file, and has the same free space as the data dir needs. */
async function writableWithSpace(dir: string): Promise<Outcome> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const probe = join(dir, `.check-${process.pid}`);
  writeFileSync(probe, 'check');
  rmSync(probe, { force: true });
  const disk = await diskCheck(dir);
  const detail = `${dir}: writable, ${(disk.free_bytes / 1024 ** 3).toFixed(1)} GiB free (${disk.free_percent} %)`;
  return { ok: disk.ok, detail: disk.ok ? detail : `${detail}; need at least 1 GiB and 5 %` };
}

function canBind(host: string, port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        detail: `${host}:${port}: ${e.code === 'EADDRINUSE' ? 'in use (is the gateway already running?)' : (e.code ?? e.message)}`,
      }),
    );
    server.listen(port, host, () =>
      server.close(() => resolve({ ok: true, detail: `${host}:${port} is free` })),
    );
  });
}

/** An SCP without an allow-list serves any host that can reach it: worth a warning, not a failure. */
function callingAeOutcome(section: string, allowed: readonly string[] | undefined): Outcome {
  if (!allowed)
    return {
      warn: `open to any calling AE title; set ${section}.allowed_calling_ae_titles to your modalities`,
    };
  return { ok: true, detail: allowed.join(', ') };
}
