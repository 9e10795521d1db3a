import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db/open-database';
import { seedDemoData } from './db/seed/demo-seed';
import { createHandlers, type HostInfo } from './ipc/handlers';
import { createLogger, type Logger } from './logger';
import { createContext, type ServiceContext } from './services/context';

export const DEFAULT_RELAY_PORT = 47653;

export interface AppServices {
  db: Db;
  ctx: ServiceContext;
  handlers: ReturnType<typeof createHandlers>;
  log: Logger;
  close(): void;
}

/**
 * Everything the main process runs, independent of Electron: open and migrate the database (before
 * anything else can touch it), seed demo data, and build the handler table. Electron and the web host
 * both start here, so they cannot drift apart.
 */
export function startAppServices(options: {
  dataDir: string;
  host: HostInfo['host'];
  version: string;
  log?: Logger;
  now?: () => Date;
  seedDemo?: boolean;
}): AppServices {
  const log = options.log ?? createLogger();
  const db = openDatabase(path.join(options.dataDir, 'modality-link.db'));
  const now = options.now ?? (() => new Date());
  if (options.seedDemo ?? true) {
    const relayPort = Number(process.env.MODALITY_LINK_RELAY_PORT ?? DEFAULT_RELAY_PORT);
    const { clinicsAdded } = seedDemoData(db, { now: now(), relayPort });
    if (clinicsAdded > 0) log.info({ clinicsAdded }, 'demo data added');
  }
  const ctx = createContext(db, { now, actor: safeUserName() });
  const handlers = createHandlers({ host: options.host, version: options.version, siteName: 'Alpha Hospital Trust breast screening' });
  return { db, ctx, handlers, log, close: () => db.$client.close() };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'workstation';
  }
}
