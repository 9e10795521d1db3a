import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeContentAddressed } from '../storage/image-files';
import { DB_FILE, openGatewayDb } from './open';
import { securePrivateDataDir } from './private-files';

const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
let previousUmask: number;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gw-modes-'));
  // The most permissive umask there is: every mode below is the code's doing.
  previousUmask = process.umask(0);
});
afterEach(() => {
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

describe('gateway data folder modes, whatever the umask', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600', () => {
    const dataDir = join(root, 'data');
    const db = openGatewayDb(dataDir);
    db.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1);');
    expect(mode(dataDir)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(mode(join(dataDir, DB_FILE + suffix))).toBe(0o600);
    db.close();
  });

  it('tightens an existing world-readable folder and database on open', () => {
    const dataDir = join(root, 'data');
    openGatewayDb(dataDir).close();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, DB_FILE), 0o644);
    writeFileSync(join(dataDir, `${DB_FILE}-shm`), '');
    chmodSync(join(dataDir, `${DB_FILE}-shm`), 0o666);
    const db = openGatewayDb(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, DB_FILE))).toBe(0o600);
    expect(mode(join(dataDir, `${DB_FILE}-shm`))).toBe(0o600);
    db.close();
  });

  it('leaves a shared folder, or one owned by someone else, as it is', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    securePrivateDataDir(shared, join(shared, DB_FILE));
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(mode(join(shared, DB_FILE))).toBe(0o600);

    const theirs = join(root, 'theirs');
    mkdirSync(theirs, { mode: 0o755 });
    securePrivateDataDir(theirs, join(theirs, DB_FILE), 'linux', statSync(theirs).uid + 1);
    expect(mode(theirs)).toBe(0o755);
  });

  it('stores received images 0600 in 0700 folders', async () => {
    const stored = await writeContentAddressed(join(root, 'images'), [Buffer.from('DICM image bytes')]);
    const file = join(root, 'images', stored.path);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(file, '..'))).toBe(0o700);
    expect(mode(join(root, 'images', 'tmp'))).toBe(0o700);
  });
});
