import type Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { createItem } from '#gateway/worklist/worklist-store';
import { worklistDb, worklistItem } from '../dicom/worklist-fixtures';
import { startRecordingScp, type RecordingScp } from './recording-scp';
import { silentLogger } from '#gateway/logger';

/**
 * The CLI as `npm run modality-sim` runs it (node + tsx, from the repository root): exit codes, one line
 * per step on stdout, one line on stderr for a bad option, and no participant data in its output.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join('gateway', 'src', 'modality-sim', 'cli.ts');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', CLI, ...args],
      { cwd: ROOT, timeout: 20_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('modality-sim CLI', () => {
  let db: Database.Database;
  let mwl: WorklistScp;
  let peer: RecordingScp;

  beforeAll(async () => {
    db = worklistDb();
    const log = silentLogger();
    mwl = await startWorklistScp({ db, host: '127.0.0.1', port: 0, aeTitle: 'ALPHA_MWL', log });
    peer = await startRecordingScp({ aeTitle: 'ALPHA_PACS' });
    const item = worklistItem({ accession: 'ACC20261127CLI1', name: 'THOMAS^Siân', nhsNumber: '9434765870' });
    createItem(db, { actionId: 'cli', item: { ...item, scheduled: { date: '20261127', time: '091500' } } });
  });
  afterAll(async () => {
    await mwl.close();
    await peer.close();
    db.close();
  });

  it('exits 2 with one line naming the bad option', async () => {
    const result = await cli(['--mwl-port', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('modality-sim: --mwl-port: must be a whole number from 1 to 65535\n');
  });

  it('--once performs one item, one line per step, without names, NHS numbers or birth dates', async () => {
    const result = await cli([
      ...['--once', '--date', '20261127', '--mwl-port', String(mwl.port), '--mwl-ae', 'ALPHA_MWL'],
      ...['--mpps-port', String(peer.port), '--mpps-ae', 'ALPHA_PACS'],
      ...['--store-port', String(peer.port), '--store-ae', 'ALPHA_PACS'],
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const steps = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/^\[\d\d:\d\d:\d\d\] /, ''));
    expect(steps.slice(1)).toEqual([
      'found 1 worklist item (1 to do)',
      'ACC20261127CLI1 N-CREATE IN PROGRESS: Success',
      'ACC20261127CLI1 stored RCC: Success',
      'ACC20261127CLI1 stored LCC: Success',
      'ACC20261127CLI1 stored RMLO: Success',
      'ACC20261127CLI1 stored LMLO: Success',
      'ACC20261127CLI1 N-SET COMPLETED: Success',
    ]);
    expect(steps[0]).toMatch(
      /^modality ALPHA_MG1: worklist ALPHA_MWL@127\.0\.0\.1:\d+ \(station ALPHA_MG1\)/,
    );
    for (const secret of ['THOMAS', 'Siân', '9434765870', '19660314'])
      expect(result.stdout).not.toContain(secret);
    expect(peer.messages.map((m) => m.kind)).toEqual(['N-CREATE', ...Array(4).fill('C-STORE'), 'N-SET']);
  });
});
