import type { Logger } from 'pino';
import { diskCheck, type DiskReserve } from '../health';
import type { Elements } from '../return-path/dicom-values';
import { advanceItem, itemStatus } from '../return-path/item-moves';
import type { ModalityEvents } from '../return-path/modality-events';
import type { CodecDecoder } from '../thumbnail/codec-decoder';
import { dose, laterality, view } from '../thumbnail/image-details';
import { makeThumbnail } from '../thumbnail/thumbnail';
import { indexedImage, indexImage, isShaIndexed } from './image-index';
import { removeStoredFile, sha256Of, writeContentAddressed } from './image-files';
import { checkInstance, STORE_STATUS } from './instance-check';
import { fileMetaHeader } from './part10';

/**
 * One C-STORE, from received bytes to the DIMSE status: check → duplicate? → known accession? →
 * thumbnail → content-addressed file → one transaction with the index row, the first-image move of the
 * worklist item and the events. The modality hears success only after all of that is durable.
 *
 * Refusals produce a `study.image_failed` event (its id is stable per instance, status and reason, so a
 * modality retrying the same bad image reports it once). A repeated instance is an idempotent success
 * with no new file and no new event.
 */
export interface ReceivedInstance {
  /** The data set exactly as received, in `transferSyntaxUid`. */
  bytes: Buffer;
  elements: Elements;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface StoreContext {
  events: ModalityEvents;
  root: string;
  decoder: CodecDecoder | undefined;
  log: Logger;
  callingAe: string;
  /** Free space that must remain after writing an image; the health check's thresholds by default. */
  reserve?: DiskReserve;
}

export interface StoreOutcome {
  status: number;
  comment?: string;
}

const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT']);

export async function storeInstance(ctx: StoreContext, received: ReceivedInstance): Promise<StoreOutcome> {
  const db = ctx.events.database;
  const started = process.hrtime.bigint();
  const logged = (outcome: StoreOutcome, fields: Record<string, unknown>): StoreOutcome => {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
    const level = outcome.status === STORE_STATUS.success ? 'info' : 'warn';
    ctx.log[level](
      {
        callingAe: ctx.callingAe,
        status: `0x${outcome.status.toString(16).padStart(4, '0')}`,
        durationMs,
        ...fields,
      },
      'c-store',
    );
    return outcome;
  };
  const refuse = (
    status: number,
    reason: string,
    sop: string | undefined,
    accession?: string,
  ): StoreOutcome => {
    db.transaction(() =>
      ctx.events.add(
        'study.image_failed',
        accession,
        { ...(sop ? { sop_instance_uid: sop } : {}), reason, dicom_status: status },
        `${sop ?? sha256Of([received.bytes])}|${status}|${reason}`,
      ),
    )();
    ctx.events.notify();
    return logged({ status, comment: reason }, { sopInstanceUid: sop, accession, problem: reason });
  };

  const checked = checkInstance(received.elements, received);
  if (!checked.ok) return refuse(checked.status, checked.reason, checked.sopInstanceUid);
  const { sopInstanceUid: sop, accession } = checked;
  const fields = { sopInstanceUid: sop, accession, bytes: received.bytes.length };
  if (indexedImage(db, sop)) return logged({ status: STORE_STATUS.success }, { ...fields, duplicate: true });
  if (itemStatus(db, accession) === undefined)
    return refuse(STORE_STATUS.unknownAccession, 'Unknown accession number', sop, accession);
  // Images share the disk with the inbox and the worklist: stop taking them before they crowd those out.
  // A folder that cannot be measured (removed by hand) is not refused here: the write recreates it.
  const disk = await diskCheck(ctx.root, {
    incomingBytes: received.bytes.length,
    reserve: ctx.reserve,
  }).catch(() => undefined);
  if (disk && !disk.ok) {
    ctx.log.warn({ freeBytes: disk.free_bytes, freePercent: disk.free_percent }, 'image disk nearly full');
    return refuse(STORE_STATUS.outOfResources, 'The gateway disk is nearly full', sop, accession);
  }

  const thumbnail = await makeThumbnail(received.elements, received.transferSyntaxUid, ctx.decoder);
  const header = fileMetaHeader({
    sopClassUid: checked.sopClassUid,
    sopInstanceUid: sop,
    transferSyntaxUid: received.transferSyntaxUid,
    sourceAeTitle: ctx.callingAe,
  });
  let file;
  try {
    file = await writeContentAddressed(ctx.root, [header, received.bytes]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    ctx.log.error({ ...fields, code }, 'c-store file write failed');
    return OUT_OF_SPACE.has(code)
      ? refuse(STORE_STATUS.outOfResources, 'The gateway is out of disk space', sop, accession)
      : refuse(STORE_STATUS.cannotUnderstand, 'The gateway could not write the image', sop, accession);
  }

  const side = { laterality: laterality(received.elements), view: view(received.elements) };
  let firstImage = false;
  const indexed = db.transaction(() => {
    const added = indexImage(db, {
      ...checked,
      transferSyntaxUid: received.transferSyntaxUid,
      sha256: file.sha256,
      path: file.path,
      size: file.size,
      ...side,
      preview: thumbnail.preview,
      callingAe: ctx.callingAe,
    });
    if (!added) return false;
    // Some modalities send no MPPS: the first image of a scheduled item is the sign the procedure started.
    if (itemStatus(db, accession) === 'SCHEDULED' && advanceItem(db, accession, 'IN PROGRESS') === 'moved') {
      ctx.events.add('procedure.in_progress', accession, { source: 'first_image' });
      firstImage = true;
    }
    const imageDose = dose(received.elements);
    ctx.events.add('study.image_received', accession, {
      sop_instance_uid: sop,
      study_instance_uid: checked.studyInstanceUid,
      sop_class_uid: checked.sopClassUid,
      ...side,
      thumbnail: {
        mime: thumbnail.mime,
        width: thumbnail.width,
        height: thumbnail.height,
        data: thumbnail.data,
      },
      ...(imageDose ? { dose: imageDose } : {}),
    });
    return true;
  })();
  if (!indexed) {
    // Another association stored this instance while we were writing: keep theirs, drop ours if unused.
    if (!file.existed && !isShaIndexed(db, file.sha256)) await removeStoredFile(ctx.root, file.path);
    return logged({ status: STORE_STATUS.success }, { ...fields, duplicate: true });
  }
  ctx.events.notify();
  return logged(
    { status: STORE_STATUS.success },
    {
      ...fields,
      sha256: file.sha256,
      preview: thumbnail.preview,
      noPreviewReason: thumbnail.reason,
      thumbnailBytes: thumbnail.data.length,
      firstImage,
    },
  );
}
