import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'modality-link.log';

export interface RotatingLogOptions {
  /** Start a new file once the current one reaches this size. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (`.1` newest … `.N` oldest). */
  keep?: number;
}

/**
 * A pino destination writing to `<dir>/modality-link.log`, rolled by size. A Windows GUI app's stderr
 * goes nowhere, so without a file IT has nothing to collect from a clinic PC. Synchronous writes: log
 * volume is low (states and ids, never payloads) and a line must survive a crash that follows it.
 */
export class RotatingLogFile {
  readonly file: string;
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly dir: string,
    options: RotatingLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 5;
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, LOG_FILE_NAME);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The current file and the rotated ones, newest first. */
  files(): string[] {
    return [this.file, ...rotatedFiles(this.file, this.keep)].filter((f) => existsSync(f));
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i -= 1)
      if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = 0;
  }
}

function rotatedFiles(file: string, keep: number): string[] {
  return Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`);
}
