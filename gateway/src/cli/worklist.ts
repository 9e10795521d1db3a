import { resolve } from 'node:path';
import { loadConfig } from '../config/load';
import { openGatewayDb } from '../db/open';
import { backupAndReset } from '../worklist/worklist-store';
import { configPath, out, UsageError, type ParsedArgs } from './args';

/** `worklist backup-reset <file>`: copy the database aside, then clear finished and past items. */
export async function worklistCommand(args: ParsedArgs): Promise<number> {
  const [, sub, file] = args.positionals;
  if (sub !== 'backup-reset' || !file) throw new UsageError('usage: worklist backup-reset <backupFile>');
  const config = loadConfig(configPath(args));
  const db = openGatewayDb(config.dataDir);
  try {
    const result = await backupAndReset(db, resolve(file));
    out(
      `Backed up to ${result.backupFile}; removed ${result.deleted} items scheduled before ${result.cutoffDate} or finished; ${result.remaining} remain.`,
    );
    return 0;
  } finally {
    db.close();
  }
}
