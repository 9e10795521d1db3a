import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { formatFingerprint, importVerifyKey, keyIdFor } from 'modality-link-protocol';
import { readRawConfig } from '../config/load';
import { trustedWorkstationSchema } from '../config/schema';
import { configPath, option, out, UsageError, type ParsedArgs } from './args';

/**
 * `trust add <name> <publicKeyBase64> [--id <workstationId>]`, `trust list`, `trust remove <name|keyId>`.
 * Edits the config file in place through the YAML document model, so comments and layout survive.
 * A running gateway reads trust at start: restart it after a change.
 */
export async function trustCommand(args: ParsedArgs): Promise<number> {
  const [, sub, ...rest] = args.positionals;
  const file = configPath(args);
  switch (sub) {
    case 'list':
      return list(file);
    case 'add':
      return add(file, rest[0], rest[1], option(args, 'id'));
    case 'remove':
      return remove(file, rest[0]);
    default:
      throw new UsageError(
        'usage: trust add <name> <publicKeyBase64> [--id <workstationId>] | trust list | trust remove <name|keyId>',
      );
  }
}

async function list(file: string): Promise<number> {
  const config = readRawConfig(file);
  if (config.trusted_workstations.length === 0) out('No trusted workstations.');
  for (const w of config.trusted_workstations) {
    out(`${w.name}\t${w.id ?? '(any id)'}\t${formatFingerprint(await keyIdFor(w.public_key))}`);
  }
  return 0;
}

async function add(
  file: string,
  name: string | undefined,
  publicKey: string | undefined,
  id: string | undefined,
): Promise<number> {
  if (!name || !publicKey)
    throw new UsageError('usage: trust add <name> <publicKeyBase64> [--id <workstationId>]');
  const entry = trustedWorkstationSchema.safeParse({ name, public_key: publicKey, ...(id ? { id } : {}) });
  if (!entry.success)
    throw new UsageError(
      `not added: ${entry.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  await importVerifyKey(publicKey).catch((e: unknown) => {
    throw new UsageError(`not added: ${(e as Error).message}`);
  });
  const keyId = await keyIdFor(publicKey);
  const config = readRawConfig(file);
  for (const w of config.trusted_workstations) {
    if (w.name === name) throw new UsageError(`not added: a workstation named "${name}" is already trusted`);
    if ((await keyIdFor(w.public_key)) === keyId)
      throw new UsageError(`not added: this key is already trusted as "${w.name}"`);
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  let seq = doc.get('trusted_workstations');
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set('trusted_workstations', seq);
  }
  (seq as YAMLSeq).flow = false;
  (seq as YAMLSeq).add(doc.createNode(entry.data));
  writeFileSync(file, doc.toString());
  out(`Trusted ${name}: fingerprint ${formatFingerprint(keyId)} (restart the gateway to apply)`);
  return 0;
}

async function remove(file: string, which: string | undefined): Promise<number> {
  if (!which) throw new UsageError('usage: trust remove <name|keyId>');
  const config = readRawConfig(file);
  const wanted = which.replace(/\s+/g, '').toLowerCase();
  const ids = await Promise.all(config.trusted_workstations.map((w) => keyIdFor(w.public_key)));
  const index = config.trusted_workstations.findIndex((w, i) => w.name === which || ids[i] === wanted);
  if (index < 0) throw new UsageError(`no trusted workstation named or with key id "${which}"`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const seq = doc.get('trusted_workstations');
  if (!isSeq(seq)) throw new UsageError('trusted_workstations is not a list');
  const item = seq.items[index];
  if (!isMap(item) && item !== undefined && typeof item !== 'object')
    throw new UsageError('unexpected trusted_workstations entry');
  seq.delete(index);
  writeFileSync(file, doc.toString());
  out(`Removed ${config.trusted_workstations[index]!.name} (restart the gateway to apply)`);
  return 0;
}
