import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database';
import { FileSecretStore } from '../secrets/secret-store';
import { ensurePrivateDir } from './private-files';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
let root: string;
let previousUmask: number;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-modes-'));
  // The most permissive umask there is: every mode below is the code's doing, not the umask's.
  previousUmask = process.umask(0);
});
afterEach(() => {
  process.umask(previousUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('file modes for patient data and keys, whatever the umask (issue 12, hole 4)', () => {
  it('creates the database folder 0700 and the database, -wal and -shm 0600', () => {
    const file = path.join(root, 'data', 'modality-link.db');
    const db = openDatabase(file);
    db.$client.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1);');
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.$client.close();
  });

  it('tightens a world-readable data folder and database left by an older version', () => {
    const dir = path.join(root, 'data');
    const file = path.join(dir, 'modality-link.db');
    openDatabase(file).$client.close();
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-wal`, '');
    fs.chmodSync(`${file}-wal`, 0o666);

    ensurePrivateDir(dir);
    const db = openDatabase(file);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    db.$client.close();
  });

  it('leaves a shared folder, or one owned by someone else, alone instead of failing', () => {
    const shared = path.join(root, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    ensurePrivateDir(shared);
    expect(fs.statSync(shared).mode & 0o7777).toBe(0o1777);

    const theirs = path.join(root, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o755 });
    const someoneElse = fs.statSync(theirs).uid + 1;
    ensurePrivateDir(theirs, 'linux', someoneElse);
    expect(mode(theirs)).toBe(0o755);
    ensurePrivateDir(theirs);
    expect(mode(theirs)).toBe(0o700);
  });

  it('writes secrets 0600 and tightens an existing looser secrets file on first read', () => {
    const file = path.join(root, 'keys', 'secrets.json');
    new FileSecretStore(file).set('relay.send', 'k1');
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);

    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}.${process.pid}.tmp`, 'stale');
    fs.chmodSync(`${file}.${process.pid}.tmp`, 0o666);
    const reopened = new FileSecretStore(file);
    expect(reopened.get('relay.send')).toBe('k1');
    expect(mode(file)).toBe(0o600);
    reopened.set('relay.send', 'k2');
    expect(mode(file)).toBe(0o600);
  });
});
