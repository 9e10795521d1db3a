import { randomBytes, randomUUID } from 'node:crypto';
import type { Staff } from '#shared/ipc/staff';
import type { Db } from '../db/open-database';
import { EventBus } from './event-bus';

/**
 * What every service needs, passed in rather than imported, so tests run the same code on their own
 * database, clock and ids.
 */
export interface ServiceContext {
  db: Db;
  events: EventBus;
  now: () => Date;
  newId: () => string;
  randomHex: (bytes: number) => string;
  /** Who is acting, for the audit log: the staff member using the workstation, never a participant. */
  actor: string;
  /** The staff member who said they are using this workstation; null until someone does. */
  staff: Staff | null;
  /** Called after a transaction queued outbox messages; the dispatcher hooks in here. */
  onMessagesQueued: () => void;
  /**
   * Resolves once the screens have been told what became of these messages (true), or after the
   * dispatcher's screen hold (false; `Dispatcher.told`). At once, false, where no dispatcher runs.
   */
  messagesTold: (messageIds: readonly string[]) => Promise<boolean>;
}

export function createContext(db: Db, overrides: Partial<ServiceContext> = {}): ServiceContext {
  return {
    db,
    events: new EventBus(),
    now: () => new Date(),
    newId: () => randomUUID(),
    randomHex: (bytes) => randomBytes(bytes).toString('hex'),
    actor: 'workstation',
    staff: null,
    onMessagesQueued: () => {},
    messagesTold: async () => false,
    ...overrides,
  };
}
