import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUse, lockDataFolder } from './instance-lock';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A second process that takes the lock and holds it until killed, as a running app would. */
function holdInChild(dataDir: string) {
  const script = `
    const { lockDataFolder } = require(${JSON.stringify(path.resolve(__dirname, 'instance-lock.ts'))});
    lockDataFolder(${JSON.stringify(dataDir)});
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return { child, held };
}

describe('one app per data folder', () => {
  it('refuses a second lock on the same folder, naming the folder', () => {
    const dir = tempDir();
    const first = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUse);
    expect(() => lockDataFolder(dir)).toThrow(`already running with the data folder ${dir}`);
    first.release();
    lockDataFolder(dir).release();
  });

  it('is held against another process, and freed when that process is killed with SIGKILL', async () => {
    const dir = tempDir();
    const { child, held } = holdInChild(dir);
    await held;
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUse);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    lockDataFolder(dir).release();
  });

  it('keeps the lock file private', () => {
    const dir = tempDir();
    const lock = lockDataFolder(dir);
    expect(fs.statSync(path.join(dir, 'instance.lock')).mode & 0o777).toBe(0o600);
    lock.release();
  });
});
