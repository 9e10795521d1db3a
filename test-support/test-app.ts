import { openDatabase, type Db } from '../src/main/db/open-database';
import { seedDemoData } from '../src/main/db/seed/demo-seed';
import { createHandlers, type HandlerTable } from '../src/main/ipc/handlers';
import { createLogger, type Logger } from '../src/main/logger';
import { createContext, type ServiceContext } from '../src/main/services/context';

/** A real SQLite database (in memory unless a file is given) with the demo data, for service tests. */
export function createTestApp(options: { file?: string; now?: Date } = {}): {
  db: Db;
  ctx: ServiceContext;
  handlers: HandlerTable;
  log: Logger;
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
  const handlers = createHandlers({
    host: 'web',
    version: '0.0.0-test',
    siteName: 'Test site',
    workstation: { id: 'test-workstation', publicKey: 'AAAA', keyId: '0123456789abcdef0123456789abcdef' },
    monitor: {
      get: () => ({
        state: 'idle',
        lastContactAt: null,
        lastRoundTripMs: null,
        lastError: null,
        failingPhase: null,
      }),
      history: () => [],
    },
    dispatcher: {
      probe: async () => ({ reply: null, roundTripMs: null, failure: null }),
      channelFor: () => {
        throw new Error('gateway channels are not wired in this test app');
      },
    },
    setup: {
      save: async () => {
        throw new Error('gateway set-up is not wired in this test app');
      },
      testDraft: async () => {
        throw new Error('gateway set-up is not wired in this test app');
      },
    },
    exportDiagnostics: () => {
      throw new Error('diagnostics are not wired in this test app');
    },
  });
  return { db, ctx, handlers, log: createLogger({ level: 'silent' }) };
}

export const TODAY_CLINIC_ID = 'clinic-alpha-2026-11-27';
export const FIRST_APPOINTMENT_ID = `${TODAY_CLINIC_ID}-appt-1`;

/** The NHS number of an appointment's participant, as a test searching by it needs. */
export function nhsNumberOf(db: Db, appointmentId: string): string {
  const row = db.$client
    .prepare(
      'SELECT p.nhs_number AS n FROM appointments a JOIN participants p ON p.id = a.participant_id WHERE a.id = ?',
    )
    .get(appointmentId) as { n: string } | undefined;
  if (!row) throw new Error(`no appointment ${appointmentId}`);
  return row.n;
}
