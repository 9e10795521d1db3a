import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { inspect } from 'node:util';

/**
 * A resolved secret (relay key, signing key). It prints as `[secret]` however it is logged, inspected
 * or serialised, so a config object can be passed to a logger or an error message without leaking.
 * Only `reveal()` gives the value, and only the code that needs it calls that.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return '[secret]';
  }
}

export class SecretError extends Error {
  override name = 'SecretError';
}

/**
 * `env:NAME` reads an environment variable, `file:PATH` reads a file (relative to the config file's
 * folder, trailing newline trimmed), anything else is the literal value. Errors name the reference,
 * never the value.
 */
export function resolveSecret(ref: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): Secret {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (value === undefined || value === '') throw new SecretError(`environment variable ${name} is not set`);
    return new Secret(value);
  }
  if (ref.startsWith('file:')) {
    const path = resolvePath(ref.slice(5), baseDir);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new SecretError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new SecretError(`${path} is empty`);
    return new Secret(value);
  }
  return new Secret(ref);
}

export function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
