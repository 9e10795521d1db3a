import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatFingerprint, generateSigningKeyPair, type ExportedKeyPair } from 'modality-link-protocol';
import { aeTitleSchema } from '../config/dicom-port';
import { starterConfig } from '../config/starter';
import { option, out, UsageError, type ParsedArgs } from './args';

export const SIGNING_KEY_FILE = 'gateway-signing-key.json';

/** A new signing key file, 0600 from the first byte (created with the mode, never chmod-ed after being readable); never overwrites. */
export function writeSigningKeyFile(file: string, pair: ExportedKeyPair): void {
  writeFileSync(
    file,
    `${JSON.stringify({ key_id: pair.keyId, public_key: pair.publicKey, private_key: pair.privateKey }, null, 2)}\n`,
    { mode: 0o600, flag: 'wx' },
  );
}

/**
 * `init [--dir D] [--relay URL] [--hybrid-connection NAME] [--worklist-port N] [--storage-port N]
 * [--modality-ae AE[,AE…]]`: starter config + signing key pair. The DICOM ports are written closed to
 * all but the named modalities (MAMMO1 when none is named, so a forgotten title fails safe and loudly).
 */
export async function initCommand(args: ParsedArgs): Promise<number> {
  const dir = resolve(option(args, 'dir') ?? '.');
  const configFile = join(dir, 'gateway.yaml');
  const keyFile = join(dir, SIGNING_KEY_FILE);
  for (const file of [configFile, keyFile]) {
    if (existsSync(file))
      throw new UsageError(`${file} already exists; init never overwrites (move it away first).`);
  }
  const port = (name: string, fallback: number): number => {
    const value = Number(option(args, name) ?? fallback);
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      throw new UsageError(`--${name} must be 0-65535`);
    return value;
  };
  const worklistPort = port('worklist-port', 4243);
  const storagePort = port('storage-port', 4244);
  const modalityAeTitles = (option(args, 'modality-ae') ?? 'MAMMO1').split(',').map((a) => a.trim());
  for (const title of modalityAeTitles) {
    if (!aeTitleSchema.safeParse(title).success)
      throw new UsageError(`--modality-ae: "${title}" is not a DICOM AE title (1-16 characters, no "\\")`);
  }
  mkdirSync(dir, { recursive: true });
  const pair = await generateSigningKeyPair();
  writeSigningKeyFile(keyFile, pair);
  writeFileSync(
    configFile,
    starterConfig({
      gatewayId: option(args, 'id') ?? 'gateway-1',
      relayEndpoint: option(args, 'relay') ?? 'sb://YOUR-NAMESPACE.servicebus.windows.net',
      hybridConnection: option(args, 'hybrid-connection') ?? 'modality-link',
      signingKeyFile: SIGNING_KEY_FILE,
      worklistPort,
      storagePort,
      modalityAeTitles,
    }),
    { flag: 'wx' },
  );
  out(`Wrote ${configFile}`);
  out(`Wrote ${keyFile} (mode 0600)`);
  out(`Gateway public key:  ${pair.publicKey}`);
  out(`Gateway fingerprint: ${formatFingerprint(pair.keyId)}`);
  out(`DICOM ports admit calling AE titles: ${modalityAeTitles.join(', ')} (allowed_calling_ae_titles)`);
  out(
    'Next: set MODALITY_LINK_LISTEN_KEY and MODALITY_LINK_SEND_KEY (or edit the key references), then run `check`.',
  );
  return 0;
}
