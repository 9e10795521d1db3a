import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/open';
import { errorName } from '../mpps/mpps-dimse';
import type { Elements } from '../return-path/dicom-values';
import type { ModalityEvents } from '../return-path/modality-events';
import type { CodecDecoder } from '../thumbnail/codec-decoder';
import { dose } from '../thumbnail/image-details';
import { placeholder, type Thumbnail } from '../thumbnail/thumbnail';
import { prepared } from '../worklist/statement-cache';
import { readHeader } from './dataset-file';
import { thumbnailFromFile } from './file-thumbnail';

/**
 * What follows a stored image after its C-STORE is answered: the thumbnail and the
 * `study.image_received` event that carries it (ADR 0024). The SCP answers success once the file is
 * fsynced, renamed into place and indexed, as DCMTK's storescp does once its file is written; a row in
 * `image_followups`, committed with the index row, says the rest is owed. Here they are made one at a
 * time, oldest first, from the stored file, and each row goes in the transaction that adds the event,
 * so an image is reported once, never lost: rows a killed process left are made on the next start by the
 * same loop. Beyond `maxPending` waiting rows the SCP holds its replies (`room`) until the loop catches
 * up, so the clinic screen never lags far behind the modality and the table stays small (at most
 * `maxPending` plus one per association).
 */
export interface FollowupOptions {
  events: ModalityEvents;
  /** The storage folder the index's paths are relative to. */
  root: string;
  decoder: CodecDecoder | undefined;
  log: Logger;
  /** Rows allowed to wait before the SCP holds its reply (default 8). */
  maxPending?: number;
  /** Start with the loop paused (tests: the state a process killed after the reply leaves). */
  held?: boolean;
  /** After an unexpected failure (the database, say), the loop tries again this much later (5 s). */
  retryMs?: number;
}

export const DEFAULT_MAX_PENDING = 8;
const RETRY_MS = 5_000;
/**
 * Failures of one image before its row is given up (logged at error): an image that can never be
 * reported (its index row refused by the event's schema, say) must not hold every later reply.
 */
const MAX_ATTEMPTS = 3;

interface PendingImage {
  sop: string;
  offset: number;
  accession: string;
  study: string;
  sopClass: string;
  transferSyntax: string;
  path: string;
  size: number;
  laterality: 'L' | 'R' | 'B' | null;
  view: string | null;
}

const NEXT = `SELECT f.sop_instance_uid AS sop, f.dataset_offset AS offset, s.accession_number AS accession,
    s.study_instance_uid AS study, s.sop_class_uid AS sopClass, s.transfer_syntax_uid AS transferSyntax,
    s.path, s.size_bytes AS size, s.laterality, s.view
  FROM image_followups f JOIN stored_images s USING (sop_instance_uid)
  ORDER BY f.rowid LIMIT 1`;

export class ImageFollowups {
  private readonly db: Db;
  private readonly maxPending: number;
  private held: boolean;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Set while a retry after a failure waits. */
  private retry: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  private failed: { sop: string; attempts: number } | undefined;

  constructor(private readonly options: FollowupOptions) {
    this.db = options.events.database;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.held = options.held ?? false;
  }

  /** Records that `sop` is owed its thumbnail and event; call inside the transaction that indexes it. */
  queue(sop: string, datasetOffset: number): void {
    prepared(this.db, 'INSERT OR IGNORE INTO image_followups VALUES (?, ?, ?)').run(
      sop,
      datasetOffset,
      new Date().toISOString(),
    );
  }

  pending(): number {
    return prepared(this.db, 'SELECT COUNT(*) FROM image_followups').pluck().get() as number;
  }

  /** Makes what is pending, in the background (after a commit that queued, and at start: the catch-up). */
  kick(): void {
    // While a retry waits, so does everyone: a failing database must not be hammered by every reply.
    if (this.running || this.held || this.stopped || this.retry) return;
    this.running = this.drain()
      .catch((error: unknown) => {
        // The database itself failed (reading the next row): try again later, never crash the process.
        this.options.log.error({ err: errorName(error) }, 'image follow-ups failed; retrying later');
        this.retryLater();
      })
      .finally(() => {
        this.running = undefined;
        this.wake();
      });
  }

  /** Resolves once at most `maxPending` rows wait: the SCP's back-pressure before a reply. */
  async room(): Promise<void> {
    while (!this.stopped && this.pending() > this.maxPending) {
      this.kick();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves when nothing is pending (tests; not while held). */
  async idle(): Promise<void> {
    while (!this.stopped && this.pending() > 0) {
      this.kick();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  resume(): void {
    this.held = false;
    this.kick();
  }

  /** Lets the image in hand finish; what is left waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.running;
    this.wake();
  }

  private retryLater(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.kick();
    }, this.options.retryMs ?? RETRY_MS);
    this.retry.unref();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async drain(): Promise<void> {
    // Rows whose image retention already removed go with it (ON DELETE CASCADE), so the join finds all.
    for (;;) {
      if (this.stopped || this.held) return;
      const next = prepared(this.db, NEXT).get() as PendingImage | undefined;
      if (!next) return;
      try {
        await this.complete(next);
      } catch (error) {
        const attempts = this.failed?.sop === next.sop ? this.failed.attempts + 1 : 1;
        this.failed = { sop: next.sop, attempts };
        const fields = { sopInstanceUid: next.sop, err: errorName(error), attempts };
        if (attempts >= MAX_ATTEMPTS) {
          this.options.log.error(fields, 'image follow-up given up: no thumbnail or event for this image');
          prepared(this.db, 'DELETE FROM image_followups WHERE sop_instance_uid = ?').run(next.sop);
          continue;
        }
        this.options.log.error(fields, 'image follow-up failed; retrying later');
        this.retryLater();
        return;
      }
      this.wake();
    }
  }

  private async complete(image: PendingImage): Promise<void> {
    const started = process.hrtime.bigint();
    const { thumbnail, elements } = await this.thumbnail(image);
    const imageDose = elements ? dose(elements) : undefined;
    this.db.transaction(() => {
      this.options.events.add('study.image_received', image.accession, {
        sop_instance_uid: image.sop,
        study_instance_uid: image.study,
        sop_class_uid: image.sopClass,
        laterality: image.laterality,
        view: image.view,
        thumbnail: {
          mime: thumbnail.mime,
          width: thumbnail.width,
          height: thumbnail.height,
          data: thumbnail.data,
        },
        ...(imageDose ? { dose: imageDose } : {}),
      });
      prepared(this.db, 'UPDATE stored_images SET preview = ? WHERE sop_instance_uid = ?').run(
        thumbnail.preview ? 1 : 0,
        image.sop,
      );
      prepared(this.db, 'DELETE FROM image_followups WHERE sop_instance_uid = ?').run(image.sop);
    })();
    this.options.events.notify();
    this.options.log.info(
      {
        sopInstanceUid: image.sop,
        accession: image.accession,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        preview: thumbnail.preview,
        noPreviewReason: thumbnail.reason,
        thumbnailBytes: thumbnail.data.length,
      },
      'c-store thumbnail',
    );
  }

  /** The thumbnail from the stored file; a placeholder (still reported) when the file cannot be read. */
  private async thumbnail(image: PendingImage): Promise<{ thumbnail: Thumbnail; elements?: Elements }> {
    const handle = await open(join(this.options.root, image.path), 'r').catch(() => undefined);
    if (!handle) return { thumbnail: placeholder('image file missing') };
    try {
      const data = {
        handle,
        start: image.offset,
        length: image.size - image.offset,
        transferSyntaxUid: image.transferSyntax,
      };
      const header = await readHeader(data).catch(() => undefined);
      if (!header) return { thumbnail: placeholder('image file unreadable') };
      return {
        thumbnail: await thumbnailFromFile(data, header, this.options.decoder),
        elements: header.elements,
      };
    } finally {
      await handle.close().catch(() => undefined);
    }
  }
}
