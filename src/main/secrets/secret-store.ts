import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, restrictIfPresent } from '../fs/private-files';

/**
 * Where the workstation keeps secrets (relay send keys, its signing key). Values never reach the
 * renderer or the logs. Electron encrypts them with the OS keychain (`safeStorage`); the web host keeps
 * them in a file only this user can read.
 */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** How stored values are sealed; identity for the 0600 file, `safeStorage` under Electron. */
export interface SecretCodec {
  seal(plain: string): string;
  open(sealed: string): string;
}

const plainCodec: SecretCodec = { seal: (v) => v, open: (v) => v };

export class FileSecretStore implements SecretStore {
  private cache: Record<string, string> | undefined;

  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = plainCodec,
  ) {}

  get(name: string): string | undefined {
    const sealed = this.read()[name];
    return sealed === undefined ? undefined : this.codec.open(sealed);
  }

  set(name: string, value: string): void {
    this.write({ ...this.read(), [name]: this.codec.seal(value) });
  }

  delete(name: string): void {
    const next = { ...this.read() };
    delete next[name];
    this.write(next);
  }

  private read(): Record<string, string> {
    if (this.cache) return this.cache;
    try {
      // A store written by an older version, or copied in by hand, may be readable by others.
      restrictIfPresent(this.file);
      this.cache = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(
          `The secret store ${path.basename(this.file)} cannot be read: ${(error as Error).message}`,
        );
      }
      this.cache = {};
    }
    return this.cache;
  }

  /** Write to a temporary file created 0600, fsync, then rename: a crash never leaves half a file. */
  private write(values: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temp, 'w', PRIVATE_FILE_MODE);
    try {
      // A temporary file left by a crash keeps its old mode under 'w': set it before any byte lands.
      fs.fchmodSync(fd, PRIVATE_FILE_MODE);
      fs.writeSync(fd, JSON.stringify(values));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
    fs.chmodSync(this.file, PRIVATE_FILE_MODE);
    this.cache = values;
  }
}
