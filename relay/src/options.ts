import { readFileSync } from 'node:fs';
import type { RelayLogger, RelayOptions, RelayRight, RelayRule } from './types.js';

export interface NormalizedOptions {
  host: string;
  port: number;
  namespace: string;
  entities: string[];
  rules: RelayRule[];
  acceptTimeoutMs: number;
  maxListenersPerEntity: number;
  tls: { cert: Buffer; key: Buffer } | undefined;
  logger: RelayLogger;
}

export const DEFAULT_NAMESPACE = 'local.servicebus.windows.net';
const ENTITY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9._-]+)*$/;
const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;
const RIGHTS: readonly RelayRight[] = ['listen', 'send', 'manage'];

/** Validates options up front so that a misconfiguration fails at start with a message naming it. */
export function normalizeOptions(opts: RelayOptions): NormalizedOptions {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`Invalid port: ${port}`);
  const acceptTimeoutMs = opts.acceptTimeoutMs ?? 30_000;
  if (!(acceptTimeoutMs > 0)) throw new RangeError('acceptTimeoutMs must be positive');
  const maxListenersPerEntity = opts.maxListenersPerEntity ?? 25;
  if (!Number.isInteger(maxListenersPerEntity) || maxListenersPerEntity < 1) {
    throw new RangeError('maxListenersPerEntity must be a positive integer');
  }
  const namespace = (opts.namespace ?? DEFAULT_NAMESPACE).toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(namespace)) throw new TypeError(`Invalid namespace name: ${namespace}`);
  for (const entity of opts.entities) validateEntity(entity);
  for (const rule of opts.rules) validateRule(rule);
  return {
    host: opts.host ?? '127.0.0.1',
    port,
    namespace,
    entities: [...opts.entities],
    rules: opts.rules.map((r) => ({ ...r, rights: [...r.rights] })),
    acceptTimeoutMs,
    maxListenersPerEntity,
    tls: opts.tls ? { cert: pem(opts.tls.cert, 'certificate'), key: pem(opts.tls.key, 'key') } : undefined,
    logger: opts.logger ?? (() => undefined),
  };
}

export function validateEntity(name: string): void {
  if (typeof name !== 'string' || name.length > 260 || !ENTITY.test(name)) {
    throw new TypeError(
      `Invalid hybrid connection name '${String(name)}': use letters, digits, '.', '-', '_' and '/' between segments`,
    );
  }
}

export function validateRule(rule: RelayRule): void {
  if (!RULE_NAME.test(rule.name)) throw new TypeError(`Invalid rule name '${rule.name}'`);
  // The key is used as text; it must survive a command line and a config file unchanged.
  if (
    typeof rule.key !== 'string' ||
    rule.key.length === 0 ||
    rule.key.length > 256 ||
    /[^\x21-\x7e]/.test(rule.key)
  ) {
    throw new TypeError(`Invalid key for rule '${rule.name}': expected 1-256 visible ASCII characters`);
  }
  if (rule.rights.length === 0 || rule.rights.some((r) => !RIGHTS.includes(r))) {
    throw new TypeError(`Invalid rights for rule '${rule.name}': use listen, send and/or manage`);
  }
  if (rule.entity !== undefined) validateEntity(rule.entity);
}

/** True for a key shaped like the ones Azure issues: 256 bits in base64. */
export function isAzureShapedKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32;
}

function pem(value: string | Buffer, what: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value.includes('-----BEGIN')) return Buffer.from(value);
  try {
    return readFileSync(value);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`Cannot read TLS ${what} file '${value}' (${code})`);
  }
}
