import pino from 'pino';
import { openDatabase, type Db } from '../db/open-database';
import { seedDemoData } from '../db/seed/demo-seed';
import { createHandlers } from '../ipc/handlers';
import { createContext, type ServiceContext } from '../services/context';

/** A real SQLite database (in memory unless a file is given) with the demo data, for service tests. */
export function createTestApp(options: { file?: string; now?: Date } = {}): {
  db: Db;
  ctx: ServiceContext;
  handlers: ReturnType<typeof createHandlers>;
  log: pino.Logger;
} {
  const now = options.now ?? new Date('2026-11-27T08:30:00.000Z');
  const db = openDatabase(options.file ?? ':memory:');
  seedDemoData(db, { now, relayPort: 47653 });
  let counter = 0;
  const ctx = createContext(db, {
    now: () => now,
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    actor: 'test-user',
  });
  return { db, ctx, handlers: createHandlers({ host: 'web', version: '0.0.0-test', siteName: 'Test site' }), log: pino({ level: 'silent' }) };
}

export const TODAY_CLINIC_ID = 'clinic-alpha-2026-11-27';
export const FIRST_APPOINTMENT_ID = `${TODAY_CLINIC_ID}-appt-1`;
