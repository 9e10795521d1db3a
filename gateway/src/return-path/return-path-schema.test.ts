import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyReturnPathSchema, RETURN_PATH_SCHEMA_VERSION } from './return-path-schema';

/**
 * Schema 2 adds `image_followups` (ADR 0024) to a database a schema-1 gateway wrote, keeping its images;
 * a database from a newer gateway is refused, as an older one refuses schema 2.
 */
const version = (db: Database.Database) =>
  Number(db.prepare(`SELECT value FROM gateway_meta WHERE key = 'return_path_schema_version'`).pluck().get());

function schemaOneDatabase(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  applyReturnPathSchema(db);
  // What a schema-1 gateway left: no follow-up table, version 1, one stored image.
  db.exec(`DROP TABLE image_followups; UPDATE gateway_meta SET value = '1'`);
  db.prepare(
    `INSERT INTO stored_images VALUES ('1.2.3', 'ACC1', '1.2', '1.2.1', '1.2.840.10008.5.1.4.1.1.1.2',
       '1.2.840.10008.1.2.1', ?, 'ab/cd/x.dcm', 10, 'L', 'CC', 1, 'MODALITY1', '2026-12-04T10:00:00Z')`,
  ).run('a'.repeat(64));
  return db;
}

describe('the return path schema', () => {
  it('moves a schema-1 database to 2, keeping its images, with nothing owed', () => {
    const db = schemaOneDatabase();
    applyReturnPathSchema(db);
    expect(RETURN_PATH_SCHEMA_VERSION).toBe(2);
    expect(version(db)).toBe(2);
    expect(db.prepare('SELECT sop_instance_uid FROM stored_images').pluck().all()).toEqual(['1.2.3']);
    expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
    // A follow-up row belongs to an indexed image and goes with it.
    db.prepare(`INSERT INTO image_followups VALUES ('1.2.3', 300, '2026-12-04T10:00:00Z')`).run();
    expect(() =>
      db.prepare(`INSERT INTO image_followups VALUES ('9.9', 300, '2026-12-04T10:00:00Z')`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM stored_images').run();
    expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer gateway', () => {
    const db = new Database(':memory:');
    applyReturnPathSchema(db);
    db.exec(`UPDATE gateway_meta SET value = '3'`);
    expect(() => applyReturnPathSchema(db)).toThrow(
      'return path schema version 3 is newer than this gateway supports (2)',
    );
    db.close();
  });
});
