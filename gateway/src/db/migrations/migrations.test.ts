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
} from '../../../test/helpers/gateway-rows';
import { applyLegacySchemas } from '../../../test/helpers/legacy-version-stores';
import { findItems, getItem } from '../../worklist/worklist-store';
import { migrateGatewayDb } from '../migrate';
import { DB_FILE, openGatewayDb } from '../open';
import { ACTIVE_STATUS_SQL } from './0001-worklist';
import { GATEWAY_MIGRATIONS } from './index';

/**
 * Each migration, run on a database an earlier gateway left at the migration before it, with real rows
 * in it: the rows stay as they were and the new shape works. Real SQLite files in a temp folder.
 */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-gw-migrations-'));
  dirs.push(dir);
  return dir;
}

/** A database as a gateway whose list ended before migration `next` left it. */
function databaseBefore(next: number): Database.Database {
  const db = new Database(join(tempDir(), DB_FILE));
  db.pragma('foreign_keys = ON');
  migrateGatewayDb(db, GATEWAY_MIGRATIONS.slice(0, next));
  return db;
}
const upgrade = (db: Database.Database) => migrateGatewayDb(db).applied;
const tags = GATEWAY_MIGRATIONS.map((m) => m.tag);
const planOf = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>)
    .map((r) => r.detail)
    .join('\n');

describe('the gateway migration list', () => {
  it('numbers its migrations 0, 1, 2… with tags that start with that number', () => {
    expect(GATEWAY_MIGRATIONS.map((m) => m.idx)).toEqual(GATEWAY_MIGRATIONS.map((_, i) => i));
    for (const m of GATEWAY_MIGRATIONS)
      expect(m.tag.startsWith(String(m.idx).padStart(4, '0') + '_')).toBe(true);
  });

  it('makes a fresh database with the schema the legacy version stores made', () => {
    const fresh = openGatewayDb(tempDir());
    const legacy = new Database(join(tempDir(), DB_FILE));
    applyLegacySchemas(legacy);
    expect(schemaOf(fresh, ['schema_migrations'])).toEqual(
      schemaOf(legacy, ['gateway_meta', 'worklist_schema_version']),
    );
    expect(fresh.prepare('SELECT tag FROM schema_migrations ORDER BY idx').pluck().all()).toEqual(tags);
    fresh.close();
    legacy.close();
  });

  it('0000 makes the inbox and the event outbox on an empty file', () => {
    const db = databaseBefore(0);
    expect(upgrade(db)).toEqual(tags);
    addInboxAction(db, 'a-1');
    addEvent(db, 'e-1');
    expect(() => addInboxAction(db, 'a-1')).toThrow(/UNIQUE constraint failed: inbox_actions.action_id/);
    expect(planOf(db, 'SELECT seq FROM event_outbox WHERE acked_at IS NULL ORDER BY seq')).toContain(
      'outbox_unacked',
    );
    db.close();
  });

  it('0001 adds the worklist beside inbox actions and events, which stay as they were', () => {
    const db = databaseBefore(1);
    addInboxAction(db, 'a-1');
    addEvent(db, 'e-1');
    const before = [rowsOf(db, 'inbox_actions'), rowsOf(db, 'event_outbox')];
    expect(upgrade(db)).toEqual(tags.slice(1));
    expect([rowsOf(db, 'inbox_actions'), rowsOf(db, 'event_outbox')]).toEqual(before);
    addWorklistItem(db, 'ACC1');
    expect(findItems(db, { modality: 'MG' }).map((r) => r.accessionNumber)).toEqual(['ACC1']);
    expect(
      planOf(db, `SELECT * FROM worklist_items WHERE ${ACTIVE_STATUS_SQL} AND modality = ?`, 'MG'),
    ).toContain('worklist_active_by_modality_date');
    db.close();
  });

  it('0002 adds MPPS steps and the image index, keeping the worklist and inbox', () => {
    const db = databaseBefore(2);
    addInboxAction(db, 'a-1');
    addWorklistItem(db, 'ACC1');
    const before = [rowsOf(db, 'inbox_actions'), getItem(db, 'ACC1')];
    expect(upgrade(db)).toEqual(tags.slice(2));
    expect([rowsOf(db, 'inbox_actions'), getItem(db, 'ACC1')]).toEqual(before);
    addMppsStep(db, '1.2.9');
    addStoredImage(db, '1.2.3');
    expect(db.prepare('SELECT accession_number FROM stored_images').pluck().all()).toEqual(['ACC1']);
    db.close();
  });

  it('0003 adds image follow-ups to a database with stored images, which stay, with nothing owed', () => {
    const db = databaseBefore(3);
    addStoredImage(db, '1.2.3');
    addMppsStep(db, '1.2.9');
    const before = [rowsOf(db, 'stored_images'), rowsOf(db, 'mpps_instances')];
    expect(upgrade(db)).toEqual(tags.slice(3));
    expect([rowsOf(db, 'stored_images'), rowsOf(db, 'mpps_instances')]).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
    // A follow-up row belongs to an indexed image and goes with it.
    addImageFollowup(db, '1.2.3');
    expect(() => addImageFollowup(db, '9.9')).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM stored_images').run();
    expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
    db.close();
  });

  it('0004 indexes images by arrival for retention, keeping images and their follow-ups', () => {
    const db = databaseBefore(4);
    addStoredImage(db, '1.2.3');
    addImageFollowup(db, '1.2.3');
    const before = [rowsOf(db, 'stored_images'), rowsOf(db, 'image_followups')];
    expect(upgrade(db)).toEqual(tags.slice(4));
    expect([rowsOf(db, 'stored_images'), rowsOf(db, 'image_followups')]).toEqual(before);
    const page = `SELECT sop_instance_uid FROM stored_images WHERE received_at < ? AND (received_at, sop_instance_uid) > (?, ?)
       ORDER BY received_at, sop_instance_uid LIMIT 10`;
    expect(planOf(db, page, '2030', '', '')).toContain('images_by_received');
    expect(db.prepare(page).pluck().all('2030', '', '')).toEqual(['1.2.3']);
    db.close();
  });
});

describe('opening a database this gateway must not change', () => {
  it('refuses one a newer gateway wrote, saying so, before any change', () => {
    const dir = tempDir();
    openGatewayDb(dir).close();
    const raw = new Database(join(dir, DB_FILE));
    raw
      .prepare(
        `INSERT INTO schema_migrations VALUES (99, '0099_from_a_newer_gateway', 'x', '2030-01-01T00:00:00Z')`,
      )
      .run();
    const before = schemaOf(raw);
    raw.close();
    expect(() => openGatewayDb(dir)).toThrow(DatabaseVersionError);
    expect(() => openGatewayDb(dir)).toThrow(
      'This database was written by a newer gateway (it has migration 0099_from_a_newer_gateway, this gateway ' +
        `knows up to ${tags.at(-1)}). Install the newer gateway; the database has not been changed.`,
    );
    const after = new Database(join(dir, DB_FILE));
    expect(schemaOf(after)).toEqual(before);
    after.close();
  });

  it('refuses one whose applied migration differs from this gateway’s', () => {
    const dir = tempDir();
    openGatewayDb(dir).close();
    const raw = new Database(join(dir, DB_FILE));
    raw.prepare(`UPDATE schema_migrations SET hash = 'edited' WHERE idx = 1`).run();
    raw.close();
    expect(() => openGatewayDb(dir)).toThrow(
      new DatabaseVersionError('Migration 0001_worklist differs from the one applied to this database.'),
    );
  });
});
