import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  parseProxyUrl,
  parseRelayBase,
  proxyForTarget,
  type ExplicitProxy,
  type ProxyRule,
  type RelayBase,
} from 'modality-link-relay';
import { configSchema, type RawConfig } from './schema';
import { resolvePath, resolveSecret, Secret, SecretError } from './secrets';

export interface ConfigIssue {
  /** Dotted key path, e.g. `relay.listen.key` or `trusted_workstations.0.public_key`. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.path || '(file)'}: ${i.message}`).join('; ')}`);
  }
}

export interface SigningKeyMaterial {
  keyId: string;
  publicKey: string;
  privateKey: Secret;
}

/** The validated config with secrets resolved and paths made absolute. */
export interface GatewayConfig {
  file: string;
  raw: RawConfig;
  dataDir: string;
  relayBase: RelayBase;
  /** Where the storage SCP keeps image files (absolute). */
  storageDir: string;
  listenKey: Secret;
  sendKey: Secret | undefined;
  signingKey: SigningKeyMaterial;
  /** The outbound proxy for a target URL (config `proxy:`, else the environment), or undefined: direct. */
  proxyFor?: (target: string) => ProxyRule | undefined;
}

/** Reads and validates the file's shape without touching secrets (for `trust`, which edits it). */
export function readRawConfig(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { path: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` },
    ]);
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.slice(0, 3).map((e) => ({ path: '', message: `not valid YAML/JSON: ${e.message}` })),
    );
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new ConfigError(file, issuesOf(parsed.error));
  return parsed.data;
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const path = resolve(file);
  const raw = readRawConfig(path);
  const dir = dirname(path);
  const issues: ConfigIssue[] = [];
  const secret = (key: string, ref: string): Secret | undefined => {
    try {
      return resolveSecret(ref, dir, env);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      issues.push({ path: key, message: error.message });
      return undefined;
    }
  };
  const listenKey = secret('relay.listen.key', raw.relay.listen.key);
  const sendKey = raw.relay.send ? secret('relay.send.key', raw.relay.send.key) : undefined;
  const signingText = secret('signing_key', raw.signing_key);
  const signingKey = signingText ? parseSigningKey(signingText, issues) : undefined;
  let relayBase: RelayBase | undefined;
  try {
    relayBase = relayBaseFor(raw.relay.endpoint);
  } catch (error) {
    issues.push({ path: 'relay.endpoint', message: (error as Error).message });
  }
  const proxy = explicitProxy(raw, secret, issues);
  if (issues.length > 0 || !listenKey || !signingKey || !relayBase) throw new ConfigError(path, issues);
  const dataDir = resolvePath(raw.data_dir, dir);
  return {
    file: path,
    raw,
    dataDir,
    relayBase,
    storageDir: raw.storage.directory ? resolvePath(raw.storage.directory, dir) : join(dataDir, 'images'),
    listenKey,
    sendKey,
    signingKey,
    proxyFor: (target) => proxyForTarget(target, proxy, env),
  };
}

function explicitProxy(
  raw: RawConfig,
  secret: (key: string, ref: string) => Secret | undefined,
  issues: ConfigIssue[],
): ExplicitProxy | undefined {
  if (!raw.proxy) return undefined;
  const { url, username, password, no_proxy: noProxy } = raw.proxy;
  if (url.trim().toLowerCase() !== 'none') {
    try {
      parseProxyUrl(url, 'proxy.url');
    } catch (error) {
      issues.push({ path: 'proxy.url', message: (error as Error).message.replace(/^proxy\.url: /, '') });
    }
  }
  const revealed = password ? secret('proxy.password', password)?.reveal() : undefined;
  return {
    url,
    ...(username ? { username, password: revealed ?? '' } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/**
 * Only the signing key the config names (for `key`): the relay keys may still be empty files on a fresh
 * install, and the public key must print all the same.
 */
export function loadSigningKey(file: string, env: NodeJS.ProcessEnv = process.env): SigningKeyMaterial {
  const path = resolve(file);
  const raw = readRawConfig(path);
  const issues: ConfigIssue[] = [];
  let signingKey: SigningKeyMaterial | undefined;
  try {
    signingKey = parseSigningKey(resolveSecret(raw.signing_key, dirname(path), env), issues);
  } catch (error) {
    if (!(error instanceof SecretError)) throw error;
    issues.push({ path: 'signing_key', message: error.message });
  }
  if (!signingKey) throw new ConfigError(path, issues);
  return signingKey;
}

/** `sb://ns.servicebus.windows.net` (as the portal shows it) means wss on 443; ws/wss/http/https are taken as written. */
export function relayBaseFor(endpoint: string): RelayBase {
  return parseRelayBase(endpoint.replace(/^sb:\/\//, 'wss://'));
}

function parseSigningKey(secret: Secret, issues: ConfigIssue[]): SigningKeyMaterial | undefined {
  try {
    const json = JSON.parse(secret.reveal()) as Record<string, unknown>;
    const { key_id: keyId, public_key: publicKey, private_key: privateKey } = json;
    if (typeof keyId === 'string' && typeof publicKey === 'string' && typeof privateKey === 'string') {
      return { keyId, publicKey, privateKey: new Secret(privateKey) };
    }
  } catch {
    // fall through: the message below never echoes the content
  }
  issues.push({
    path: 'signing_key',
    message:
      'is not a signing key file written by `modality-link-gateway init` (JSON with key_id, public_key, private_key)',
  });
  return undefined;
}

function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    // zod reports unknown keys on the parent object; name each key itself so a typo is easy to find.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'unknown key' }));
    }
    return [{ path, message: issue.message }];
  });
}
