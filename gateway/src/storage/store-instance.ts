import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from 'pino';
import { diskCheck, type DiskReserve } from '../health';
import { isUid, text } from '../return-path/dicom-values';
import { advanceItem, itemStatus } from '../return-path/item-moves';
import type { ModalityEvents } from '../return-path/modality-events';
import { laterality, view } from '../thumbnail/image-details';
import { indexedImage, indexImage, isShaIndexed } from './image-index';
import { placeContentAddressed, removeStoredFile } from './image-files';
import { checkInstance, STORE_STATUS } from './instance-check';
import { readHeader, type DatasetHeader, type DatasetInFile } from './dataset-file';
import { MalformedDataset } from './dataset-layout';
import { errorName } from '../mpps/mpps-dimse';
import type { ImageFollowups } from './image-followups';
import type { SpoolFailure, SpoolStream } from './spool-file';

/**
 * One C-STORE, from the spooled file to the DIMSE status: read the attributes back from the file →
 * check → duplicate? → known accession? → disk reserve → wait for the fsync → rename the file to its
 * content address → one transaction with the index row, the first-image move of the worklist item and
 * the follow-up row → room in the follow-up queue. The modality hears success once all of that is
 * durable; the thumbnail and `study.image_received` follow from the stored file (image-followups.ts,
 * ADR 0024). Whatever the outcome, the temporary file is gone when this returns (renamed into place or
 * removed).
 *
 * Refusals produce a `study.image_failed` event (its id is stable per instance, status and reason, so a
 * modality retrying the same bad image reports it once). A repeated instance is an idempotent success
 * with no new file and no new event. An unreadable data set is answered C000 with no event.
 */
export interface SpooledInstance {
  /** The data set as received, behind our File Meta Information, in `transferSyntaxUid`. */
  spool: SpoolStream;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface StoreContext {
  events: ModalityEvents;
  root: string;
  log: Logger;
  callingAe: string;
  followups: ImageFollowups;
  /** Free space that must remain after writing an image; the health check's thresholds by default. */
  reserve?: DiskReserve;
}

export interface StoreOutcome {
  status: number;
  comment?: string;
}

const NEARLY_FULL = 'The gateway disk is nearly full';

export async function storeInstance(ctx: StoreContext, received: SpooledInstance): Promise<StoreOutcome> {
  const { spool } = received;
  const spooled = await spool.written();
  const handle =
    'sha256' in spooled || spooled.failure === 'reserve'
      ? await open(spool.path, 'r').catch(() => undefined)
      : undefined;
  try {
    return await storeSpooled(ctx, received, spooled, handle);
  } finally {
    await handle?.close().catch(() => undefined);
    await spool.discard();
  }
}

async function storeSpooled(
  ctx: StoreContext,
  received: SpooledInstance,
  spooled: { sha256: string } | { failure: SpoolFailure },
  handle: FileHandle | undefined,
): Promise<StoreOutcome> {
  const db = ctx.events.database;
  const { spool } = received;
  const started = process.hrtime.bigint();
  const streamFields = {
    bytes: spool.datasetBytes,
    peakBufferedBytes: spool.peakBuffered,
    pauses: spool.pauses,
  };
  const logged = (outcome: StoreOutcome, fields: Record<string, unknown>): StoreOutcome => {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
    const level = outcome.status === STORE_STATUS.success ? 'info' : 'warn';
    ctx.log[level](
      {
        callingAe: ctx.callingAe,
        status: `0x${outcome.status.toString(16).padStart(4, '0')}`,
        durationMs,
        ...streamFields,
        ...fields,
      },
      'c-store',
    );
    return outcome;
  };
  const requestSop = isUid(received.sopInstanceUid) ? received.sopInstanceUid : undefined;
  const refuse = (
    status: number,
    reason: string,
    sop: string | undefined,
    accession?: string,
  ): StoreOutcome => {
    const key = sop ?? ('sha256' in spooled ? spooled.sha256 : 'unreadable');
    db.transaction(() =>
      ctx.events.add(
        'study.image_failed',
        accession,
        { ...(sop ? { sop_instance_uid: sop } : {}), reason, dicom_status: status },
        `${key}|${status}|${reason}`,
      ),
    )();
    ctx.events.notify();
    return logged({ status, comment: reason }, { sopInstanceUid: sop, accession, problem: reason });
  };

  const writeFailed = (failure: SpoolFailure, sop: string | undefined, accession?: string) => {
    ctx.log.error({ sopInstanceUid: sop, accession, failure }, 'c-store file write failed');
    return failure === 'write-failed'
      ? refuse(STORE_STATUS.cannotUnderstand, 'The gateway could not write the image', sop, accession)
      : refuse(STORE_STATUS.outOfResources, 'The gateway is out of disk space', sop, accession);
  };
  if (!handle) return writeFailed('failure' in spooled ? spooled.failure : 'write-failed', requestSop);
  const data: DatasetInFile = {
    handle,
    start: spool.metaBytes,
    length: spool.fileBytes - spool.metaBytes,
    transferSyntaxUid: received.transferSyntaxUid,
  };
  let header: DatasetHeader;
  try {
    header = await readHeader(data);
  } catch (error) {
    if ('failure' in spooled) return refuse(STORE_STATUS.outOfResources, NEARLY_FULL, requestSop);
    // Our own messages name only positions and rules; a library's might quote a value.
    const problem = error instanceof MalformedDataset ? `${error.name}: ${error.message}` : errorName(error);
    ctx.log.warn({ callingAe: ctx.callingAe, err: problem.slice(0, 200) }, 'c-store unreadable');
    return logged(
      { status: STORE_STATUS.cannotUnderstand, comment: 'The data set could not be read' },
      { problem: 'unreadable' },
    );
  }
  if ('failure' in spooled) {
    ctx.log.warn({ bytes: spool.fileBytes }, 'image disk nearly full while receiving');
    const accession = text(header.elements.AccessionNumber);
    return refuse(STORE_STATUS.outOfResources, NEARLY_FULL, requestSop, accession || undefined);
  }
  const checked = checkInstance(header.elements, header.pixels, received);
  if (!checked.ok) return refuse(checked.status, checked.reason, checked.sopInstanceUid);
  const { sopInstanceUid: sop, accession } = checked;
  const fields = { sopInstanceUid: sop, accession };
  if (indexedImage(db, sop)) return logged({ status: STORE_STATUS.success }, { ...fields, duplicate: true });
  if (itemStatus(db, accession) === undefined)
    return refuse(STORE_STATUS.unknownAccession, 'Unknown accession number', sop, accession);
  // Images share the disk with the inbox and the worklist: stop taking them before they crowd those out.
  // The image is already in tmp/, so what is free now is what would be left after it.
  const disk = await diskCheck(spool.path, { reserve: ctx.reserve }).catch(() => undefined);
  if (disk && !disk.ok) {
    ctx.log.warn({ freeBytes: disk.free_bytes, freePercent: disk.free_percent }, 'image disk nearly full');
    return refuse(STORE_STATUS.outOfResources, NEARLY_FULL, sop, accession);
  }

  // The fsync started when the last fragment was written, and mostly ran during the transfer.
  const durable = await spool.durable();
  if ('failure' in durable) return writeFailed(durable.failure, sop, accession);
  let file;
  try {
    file = await placeContentAddressed(ctx.root, spool.path, spooled.sha256, spool.fileBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    ctx.log.error({ ...fields, code }, 'c-store file rename failed');
    return refuse(STORE_STATUS.cannotUnderstand, 'The gateway could not write the image', sop, accession);
  }
  const elements = header.elements;
  let firstImage = false;
  const indexed = db.transaction(() => {
    const added = indexImage(db, {
      ...checked,
      transferSyntaxUid: received.transferSyntaxUid,
      sha256: file.sha256,
      path: file.path,
      size: file.size,
      laterality: laterality(elements),
      view: view(elements),
      // Until the follow-up has made the thumbnail.
      preview: false,
      callingAe: ctx.callingAe,
    });
    if (!added) return false;
    // Some modalities send no MPPS: the first image of a scheduled item is the sign the procedure started.
    if (itemStatus(db, accession) === 'SCHEDULED' && advanceItem(db, accession, 'IN PROGRESS') === 'moved') {
      ctx.events.add('procedure.in_progress', accession, { source: 'first_image' });
      firstImage = true;
    }
    ctx.followups.queue(sop, spool.metaBytes);
    return true;
  })();
  if (!indexed) {
    // Another association stored this instance while we were writing: keep theirs, drop ours if unused.
    if (!file.existed && !isShaIndexed(db, file.sha256)) await removeStoredFile(ctx.root, file.path);
    return logged({ status: STORE_STATUS.success }, { ...fields, duplicate: true });
  }
  if (firstImage) ctx.events.notify();
  ctx.followups.kick();
  await ctx.followups.room();
  return logged({ status: STORE_STATUS.success }, { ...fields, sha256: file.sha256, firstImage });
}
