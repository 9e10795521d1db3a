import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { deliveryFailure } from './delivery-faults';
import { deliverPayload, MESSAGE_TYPE } from './delivery-payload';
import type { DeliveryRequest, DeliveryResult, Destination, DestinationCheck } from './destination';

/**
 * Drops each message as a file into a folder another system watches (an integration engine's pickup
 * directory, a share). A watcher must never see half a file, so we write a dot-prefixed temp file in the
 * same directory, fsync it, rename it to `<actionId>.<ext>` (atomic within one filesystem), then fsync
 * the directory so the rename survives a power cut. The action id names the file, so a redelivery of the
 * same action finds it already there and succeeds without writing again.
 *
 * At start (`prepare`) the folder is created if missing (0700: only the gateway's account, until IT
 * grants the engine's group access) and temp files a crash left half-written are removed. Deliveries
 * never create the folder: a share that is offline must not be replaced by a local folder underneath
 * its mount point, so a missing folder is a transient `storage` fault until it is back.
 */
interface FileDropDestinationOptions {
  name: string;
  directory: string;
}

const EXTENSIONS: Record<string, string> = {
  [MESSAGE_TYPE.fhir]: 'json',
  [MESSAGE_TYPE.worklist]: 'json',
  [MESSAGE_TYPE.hl7]: 'hl7',
};

/** Action ids become file names: nothing that could climb out of the directory or hide a file. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Files carry patient data: readable by the owner and its group (the engine's service account). */
const FILE_MODE = 0o640;

/** A folder the gateway creates itself: its own account only; IT widens it for the engine if needed. */
const FOLDER_MODE = 0o700;

/** Exactly the temp names `deliver` writes, so start-up clean-up never touches another system's files. */
const TEMP_FILE =
  /^\.[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

export class FileDropDestination implements Destination {
  readonly kind = 'file' as const;
  readonly name: string;

  constructor(private readonly options: FileDropDestinationOptions) {
    this.name = options.name;
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const input = deliverPayload(request);
    if (!input.ok) return deliveryFailure('payload_invalid', input.message);
    const ext = EXTENSIONS[input.type];
    if (!ext)
      return deliveryFailure(
        'payload_invalid',
        `file destination has no file type for ${input.type} messages`,
      );
    if (!SAFE_ID.test(request.actionId))
      return deliveryFailure('payload_invalid', 'action id is not usable as a file name');

    const fileName = `${request.actionId}.${ext}`;
    const target = join(this.options.directory, fileName);
    const temp = join(this.options.directory, `.${request.actionId}.${randomUUID()}.tmp`);
    try {
      if (await exists(target)) return { outcome: 'delivered', message: `${fileName} already present` };
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        await handle.writeFile(input.payload, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      await syncDirectory(this.options.directory);
      return { outcome: 'delivered', message: `${fileName} written` };
    } catch (error) {
      await unlink(temp).catch(() => {});
      // Disk full, share offline, permissions being fixed: all can clear up, so the core retries.
      return deliveryFailure('storage', `could not write ${fileName}: ${codeOf(error)}`);
    }
  }

  /** Creates the folder if missing and removes our temp files left by a crash. */
  async prepare({ removeLeftovers = true }: { removeLeftovers?: boolean } = {}): Promise<string> {
    const { directory } = this.options;
    try {
      await mkdir(directory, { recursive: true, mode: FOLDER_MODE });
      if (!(await stat(directory)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
      if (!removeLeftovers) return `folder ${directory} ready`;
      let removed = 0;
      for (const name of await readdir(directory)) {
        if (!TEMP_FILE.test(name)) continue;
        await unlink(join(directory, name)).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        });
        removed += 1;
      }
      return removed === 0
        ? `folder ${directory} ready`
        : `folder ${directory} ready; removed ${removed} temp file(s) left by an interrupted write`;
    } catch (error) {
      throw new Error(`destination "${this.name}": cannot prepare folder ${directory}: ${codeOf(error)}`);
    }
  }

  async check(): Promise<DestinationCheck> {
    try {
      if (!(await stat(this.options.directory)).isDirectory())
        return { ok: false, message: 'not a directory' };
      await access(this.options.directory, constants.W_OK);
      return { ok: true, message: 'directory is writable' };
    } catch (error) {
      return { ok: false, message: `directory not usable: ${codeOf(error)}` };
    }
  }

  async close(): Promise<void> {}
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Windows cannot open a directory for fsync (NTFS makes the rename durable itself), so skip it there. */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'error';
}
