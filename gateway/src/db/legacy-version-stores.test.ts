import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseVersionError } from 'modality-link-sqlite-migrate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addEvent,
  addImageFollowup,
  addInboxAction,
  addMppsStep,
  addStoredImage,
  addWorklistItem,
  rowsOf,
  schemaOf,
} from '../../test/helpers/gateway-rows';
import {
  applyInboxSchema,
  applyLegacySchemas,
  applyReturnPathSchema,
  applyWorklistSchema,
} from '../../test/helpers/legacy-version-stores';
import { migrateGatewayDb } from './migrate';
import { GATEWAY_MIGRATIONS } from './migrations';
import { DB_FILE, openGatewayDb } from './open';

/**
 * A database an installed gateway wrote with its three legacy version stores (reproduced verbatim in
 * test/helpers/legacy-version-stores.ts), opened by this gateway: rows kept, the equivalent migrations
 * recorded with their hashes, the stores gone; a store newer than the code knows refused, unchanged.
 */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function legacyDatabase(apply: (db: Database.Database) => void = applyLegacySchemas) {
  const dir = mkdtempSync(join(tmpdir(), 'ml-gw-legacy-'));
  dirs.push(dir);
  const db = new Database(join(dir, DB_FILE));
  db.pragma('foreign_keys = ON');
  apply(db);
  return { dir, db };
}
const TABLES = [
  'inbox_actions',
  'event_outbox',
  'worklist_items',
  'mpps_instances',
  'stored_images',
  'image_followups',
];
const tags = GATEWAY_MIGRATIONS.map((m) => m.tag);
const recorded = (db: Database.Database) =>
  db.prepare('SELECT idx, tag, hash FROM schema_migrations ORDER BY idx').all();
const hasTable = (db: Database.Database, name: string) =>
  db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = ?`).pluck().get(name) === 1;

describe('adopting the legacy version stores', () => {
  it('keeps every row, records the migrations the stores stood for, and drops the stores', () => {
    const { dir, db } = legacyDatabase();
    addInboxAction(db, 'a-1');
    addEvent(db, 'e-1');
    addWorklistItem(db, 'ACC1');
    addMppsStep(db, '1.2.9');
    addStoredImage(db, '1.2.3');
    addImageFollowup(db, '1.2.3');
    const before = TABLES.map((t) => rowsOf(db, t));
    db.close();
    const opened = openGatewayDb(dir);
    expect(TABLES.map((t) => rowsOf(opened, t))).toEqual(before);
    expect(recorded(opened)).toEqual(
      GATEWAY_MIGRATIONS.map((m) => ({ idx: m.idx, tag: m.tag, hash: m.hash })),
    );
    expect(hasTable(opened, 'gateway_meta')).toBe(false);
    expect(hasTable(opened, 'worklist_schema_version')).toBe(false);
    opened.close();
  });

  it('adopts in one step what the stores made and runs only the rest', () => {
    const { db } = legacyDatabase();
    expect(migrateGatewayDb(db)).toEqual({ adopted: tags.slice(0, 4), applied: tags.slice(4) });
    expect(migrateGatewayDb(db)).toEqual({ adopted: [], applied: [] });
    db.close();
  });

  it('moves a return path schema 1 database on through 0003, keeping its images', () => {
    const { db } = legacyDatabase();
    // What a schema-1 gateway left: no follow-up table, version 1, one stored image.
    db.exec(
      `DROP TABLE image_followups; UPDATE gateway_meta SET value = '1' WHERE key = 'return_path_schema_version'`,
    );
    addStoredImage(db, '1.2.3');
    expect(migrateGatewayDb(db)).toEqual({ adopted: tags.slice(0, 3), applied: tags.slice(3) });
    expect(db.prepare('SELECT sop_instance_uid FROM stored_images').pluck().all()).toEqual(['1.2.3']);
    expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
    addImageFollowup(db, '1.2.3');
    expect(() => addImageFollowup(db, '9.9')).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('adopts an inbox-only database and makes the worklist and return path', () => {
    const { db } = legacyDatabase(applyInboxSchema);
    addInboxAction(db, 'a-1');
    expect(migrateGatewayDb(db)).toEqual({ adopted: tags.slice(0, 1), applied: tags.slice(1) });
    expect(rowsOf(db, 'inbox_actions')).toHaveLength(1);
    addWorklistItem(db, 'ACC1');
    db.close();
  });

  it('survives a rollback to a legacy gateway and a second upgrade', () => {
    const { dir, db } = legacyDatabase();
    addWorklistItem(db, 'ACC1');
    db.close();
    openGatewayDb(dir).close();
    // The older gateway sees no version rows, finds every table there and writes its versions again.
    const older = new Database(join(dir, DB_FILE));
    applyLegacySchemas(older);
    addInboxAction(older, 'a-after-rollback');
    older.close();
    const again = openGatewayDb(dir);
    expect(rowsOf(again, 'worklist_items')).toHaveLength(1);
    expect(rowsOf(again, 'inbox_actions')).toHaveLength(1);
    expect(recorded(again)).toHaveLength(GATEWAY_MIGRATIONS.length);
    expect(hasTable(again, 'gateway_meta') || hasTable(again, 'worklist_schema_version')).toBe(false);
    again.close();
  });
});

describe('refusing a legacy store newer than this gateway knows', () => {
  const refusal = (tamper: string, apply?: (db: Database.Database) => void) => {
    const { dir, db } = legacyDatabase(apply);
    db.exec(tamper);
    const before = [schemaOf(db), rowsOf(db, 'gateway_meta')];
    db.close();
    let error: unknown;
    try {
      openGatewayDb(dir).close();
    } catch (caught) {
      error = caught;
    }
    const after = new Database(join(dir, DB_FILE));
    expect([schemaOf(after), rowsOf(after, 'gateway_meta')]).toEqual(before);
    after.close();
    expect(error).toBeInstanceOf(DatabaseVersionError);
    return (error as Error).message;
  };

  it('refuses a newer inbox schema with the old words, unchanged', () => {
    expect(refusal(`UPDATE gateway_meta SET value = '99' WHERE key = 'inbox_schema_version'`)).toBe(
      'The gateway database has inbox schema 99; this gateway knows 1. Use a newer gateway.',
    );
  });

  it('refuses a newer worklist schema', () => {
    const message = refusal('UPDATE worklist_schema_version SET version = 99');
    expect(message).toMatch(/newer/);
    expect(message).toBe('worklist schema version 99 is newer than this gateway supports (1)');
  });

  it('refuses a newer return path schema', () => {
    expect(refusal(`UPDATE gateway_meta SET value = '3' WHERE key = 'return_path_schema_version'`)).toBe(
      'return path schema version 3 is newer than this gateway supports (2)',
    );
  });

  it('refuses a version that is not a number, naming where it is', () => {
    expect(refusal(`UPDATE gateway_meta SET value = 'two' WHERE key = 'inbox_schema_version'`)).toBe(
      `The gateway database's gateway_meta inbox_schema_version holds "two", not a schema version; the database has not been changed.`,
    );
  });
});

describe('the legacy stores themselves (the fixture is what shipped)', () => {
  it('were idempotent and versioned', () => {
    const { db } = legacyDatabase((d) => {
      applyInboxSchema(d);
      applyWorklistSchema(d);
      applyReturnPathSchema(d);
      applyLegacySchemas(d);
    });
    expect(db.prepare('SELECT version FROM worklist_schema_version').all()).toEqual([{ version: 1 }]);
    expect(rowsOf(db, 'gateway_meta')).toEqual([
      { key: 'inbox_schema_version', value: '1' },
      { key: 'return_path_schema_version', value: '2' },
    ]);
    db.close();
  });
});
