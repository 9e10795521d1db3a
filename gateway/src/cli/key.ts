import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatFingerprint, generateSigningKeyPair, keyIdFor } from 'modality-link-protocol';
import { loadSigningKey, readRawConfig } from '../config/load';
import { resolvePath } from '../config/secrets';
import { configPath, out, UsageError, type ParsedArgs } from './args';
import { writeSigningKeyFile } from './init';

/**
 * `key [--create] [--config FILE]`: the gateway's own public key and fingerprint, for enrolment on the
 * desktop app's gateway record. Reads only the signing key the config names (not the relay keys, which a
 * fresh install has not got yet). `--create` first writes a new key pair (0600) to the `file:` the config
 * names if there is none there: what the packages' install scripts use.
 */
export async function keyCommand(args: ParsedArgs): Promise<number> {
  const file = resolve(configPath(args));
  if (args.options.has('create')) {
    const ref = readRawConfig(file).signing_key;
    if (!ref.startsWith('file:'))
      throw new UsageError('key --create needs signing_key: file:PATH in the config');
    const keyFile = resolvePath(ref.slice('file:'.length), dirname(file));
    if (!existsSync(keyFile)) {
      writeSigningKeyFile(keyFile, await generateSigningKeyPair());
      out(`Wrote ${keyFile} (mode 0600)`);
    }
  }
  const key = loadSigningKey(file);
  const keyId = await keyIdFor(key.publicKey);
  if (keyId !== key.keyId)
    throw new Error(`signing_key: key_id ${key.keyId} does not belong to the public key (${keyId})`);
  out(`Gateway public key:  ${key.publicKey}`);
  out(`Gateway fingerprint: ${formatFingerprint(keyId)}`);
  return 0;
}
