import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { diskCheck, type DiskReserve } from '../health';

/**
 * Where a C-STORE data set goes as its P-DATA arrives: a temporary file `<root>/tmp/<uuid>.part`, our
 * File Meta Information first, then each fragment as received, hashed on the way (the SHA-256 that
 * names the stored file). dcmjs-dimse writes fragments into the stream it gets from
 * `createStoreWritableStream` and only waits on 'drain' for the very first one, so back-pressure is
 * ours: when more than `bufferBytes` wait for the disk, `flow.pause()` stops reading the socket, and
 * `flow.resume()` restarts it once half of that is written. Memory per association is therefore about
 * `bufferBytes` plus one PDU, whatever the object's size.
 *
 * The stream never emits 'error' (dcmjs-dimse has no listener: an error would crash the process). A
 * failed open or write, or the disk reserve crossed (checked every `RESERVE_CHECK_BYTES`, so a huge
 * object cannot fill the disk before the final check), is kept in `failure`; later fragments are
 * dropped and the C-STORE is refused when the data set is complete. 'finish' means written; `durable()`
 * means fsynced too.
 */
export interface InputFlow {
  pause(): void;
  resume(): void;
}

export interface SpoolOptions {
  root: string;
  /** The File Meta Information written before the data set. */
  header: Buffer;
  flow: InputFlow;
  bufferBytes: number;
  reserve: DiskReserve | undefined;
}

export type SpoolFailure = 'reserve' | 'out-of-space' | 'write-failed';

export const DEFAULT_BUFFER_BYTES = 1024 * 1024;
const RESERVE_CHECK_BYTES = 256 * 1024 * 1024;
const EARLY_SYNC_BYTES = 8 * 1024 * 1024;
const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT']);
/** Below the platforms' IOV_MAX (1024). */
const MAX_BUFFERS_PER_WRITE = 512;

export class SpoolStream extends Writable {
  readonly path: string;
  handle: FileHandle | undefined;
  failure: SpoolFailure | undefined;
  /** The data set's length so far (the File Meta Information excluded), and what the file holds. */
  datasetBytes = 0;
  fileBytes = 0;
  /** Most bytes ever waiting for the disk, and how often the socket was paused: for the log. */
  peakBuffered = 0;
  pauses = 0;
  private buffered = 0;
  private paused = false;
  private nextReserveCheck = RESERVE_CHECK_BYTES;
  private nextEarlySync = EARLY_SYNC_BYTES;
  private earlySync: Promise<void> | undefined;
  private synced: Promise<void> | undefined;
  private readonly hash = createHash('sha256');
  private sha256: string | undefined;

  /** The File Meta Information's length: where the data set starts in the file. */
  readonly metaBytes: number;

  constructor(private readonly options: SpoolOptions) {
    // Writable's own limit is not what pauses the input (see `write`); dcmjs-dimse must never see false.
    super({ highWaterMark: Number.MAX_SAFE_INTEGER });
    this.path = join(options.root, 'tmp', `${randomUUID()}.part`);
    this.metaBytes = options.header.length;
  }

  override _construct(callback: () => void): void {
    void this.openFile().finally(callback);
  }

  private async openFile(): Promise<void> {
    try {
      await mkdir(join(this.options.root, 'tmp'), { recursive: true, mode: 0o700 });
      this.handle = await open(this.path, 'wx', 0o600);
      await this.writeAll([this.options.header]);
    } catch (error) {
      await this.fail(errorFailure(error));
    }
  }

  override write(chunk: Buffer, ...rest: unknown[]): boolean {
    // Writable would emit 'error' for a write after end; a peer's stray fragment is dropped instead.
    if (this.writableEnded) return true;
    this.buffered += chunk.length;
    this.peakBuffered = Math.max(this.peakBuffered, this.buffered);
    if (!this.paused && this.buffered >= this.options.bufferBytes) {
      this.paused = true;
      this.pauses += 1;
      this.options.flow.pause();
    }
    (super.write as (chunk: Buffer, ...rest: unknown[]) => boolean)(chunk, ...rest);
    return true;
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const length = buffers.reduce((n, b) => n + b.length, 0);
    this.datasetBytes += length;
    void this.store(buffers).finally(() => {
      this.buffered -= length;
      if (this.paused && this.buffered <= this.options.bufferBytes / 2) {
        this.paused = false;
        this.options.flow.resume();
      }
      callback();
    });
  }

  private async store(buffers: Buffer[]): Promise<void> {
    if (this.failure || !this.handle) return;
    try {
      await this.writeAll(buffers);
      this.startEarlySync();
      if (this.datasetBytes >= this.nextReserveCheck) {
        this.nextReserveCheck += RESERVE_CHECK_BYTES;
        const disk = await diskCheck(this.path, { reserve: this.options.reserve }).catch(() => undefined);
        if (disk && !disk.ok) await this.fail('reserve');
      }
    } catch (error) {
      await this.fail(errorFailure(error));
    }
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    for (const buffer of buffers) this.hash.update(buffer);
    for (let i = 0; i < buffers.length; i += MAX_BUFFERS_PER_WRITE) {
      let pending = buffers.slice(i, i + MAX_BUFFERS_PER_WRITE);
      while (pending.length > 0) {
        const { bytesWritten } = await this.handle!.writev(pending);
        this.fileBytes += bytesWritten;
        pending = remainder(pending, bytesWritten);
      }
    }
  }

  /**
   * Flushes what is written so far while more arrives (one flush at a time), so the disk works during
   * the transfer and the fsync before success has little left to wait for.
   */
  private startEarlySync(): void {
    if (this.earlySync || !this.handle || this.fileBytes < this.nextEarlySync) return;
    this.nextEarlySync = this.fileBytes + EARLY_SYNC_BYTES;
    this.earlySync = this.handle
      .datasync()
      .catch(() => undefined)
      .finally(() => (this.earlySync = undefined));
  }

  /**
   * Every fragment is written: the hash is final. The fsync starts now and runs while the caller reads
   * the attributes and makes the thumbnail from the file (page cache); `durable()` waits for it.
   */
  override _final(callback: () => void): void {
    if (!this.failure && this.handle) this.sha256 = this.hash.digest('hex');
    this.synced = this.sync();
    callback();
  }

  private async sync(): Promise<void> {
    await this.earlySync;
    const handle = this.handle;
    if (this.failure || !handle) return;
    try {
      await handle.sync();
      this.handle = undefined;
      await handle.close();
    } catch (error) {
      await this.fail(errorFailure(error));
    }
  }

  /** Resolves when every fragment is written (not yet synced): the file's hash, or why it is not all there. */
  async written(): Promise<{ sha256: string } | { failure: SpoolFailure }> {
    if (!this.writableFinished) await new Promise((resolve) => this.once('finish', resolve));
    return this.sha256 && !this.failure
      ? { sha256: this.sha256 }
      : { failure: this.failure ?? 'write-failed' };
  }

  /** Resolves when the file is complete and fsynced, or with why it is not. */
  async durable(): Promise<{ sha256: string } | { failure: SpoolFailure }> {
    await this.written();
    await this.synced;
    return this.written();
  }

  /** Drops the file (an aborted association, a refused instance, or a failure). Safe to call twice. */
  async discard(): Promise<void> {
    if (!this.failure) this.failure = 'write-failed';
    if (this.paused) {
      this.paused = false;
      this.options.flow.resume();
    }
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    await rm(this.path, { force: true }).catch(() => undefined);
  }

  /**
   * Stops writing. A file that crossed the reserve is kept until the data set is complete (its first
   * bytes name the image and accession for the refusal), then removed like any refused one; a file
   * that could not be written is removed now.
   */
  private async fail(failure: SpoolFailure): Promise<void> {
    this.failure ??= failure;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    if (failure !== 'reserve') await rm(this.path, { force: true }).catch(() => undefined);
  }
}

function errorFailure(error: unknown): SpoolFailure {
  return OUT_OF_SPACE.has((error as NodeJS.ErrnoException).code ?? '') ? 'out-of-space' : 'write-failed';
}

/** What `writev` left unwritten (a short write): the buffers after the first `written` bytes. */
function remainder(buffers: Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (written >= buffer.length) written -= buffer.length;
    else {
      rest.push(written > 0 ? buffer.subarray(written) : buffer);
      written = 0;
    }
  }
  return rest;
}
