import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  checkMigrations,
  DatabaseVersionError,
  migrate,
  migrationFromSql,
  recordMigrations,
  type MigrationWording,
} from './index';

const WORDING: MigrationWording = {
  newer: 'a newer widget',
  self: 'this widget',
  install: 'the newer widget',
};
const ONE = migrationFromSql(
  0,
  '0000_notes',
  'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);',
);
const TWO = migrationFromSql(
  1,
  '0001_note_tags',
  `ALTER TABLE notes ADD COLUMN tag TEXT;
--> statement-breakpoint
CREATE INDEX notes_by_tag ON notes (tag);`,
);

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-sqlite-migrate-'));
  dirs.push(dir);
  return join(dir, 'test.sqlite');
}
const schemaOf = (db: Database.Database) =>
  db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all();

describe('migrationFromSql', () => {
  it('splits at drizzle-kit breakpoints and hashes the text as written', () => {
    expect(TWO.statements).toEqual([
      'ALTER TABLE notes ADD COLUMN tag TEXT;',
      'CREATE INDEX notes_by_tag ON notes (tag);',
    ]);
    expect(ONE.statements).toHaveLength(1);
    expect(ONE.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationFromSql(0, 'x', `${'CREATE TABLE a (b);'} `).hash).not.toBe(
      migrationFromSql(0, 'x', 'CREATE TABLE a (b);').hash,
    );
  });

  it('refuses an empty migration and a negative idx, naming the migration', () => {
    expect(() => migrationFromSql(3, '0003_nothing', ' \n--> statement-breakpoint\n')).toThrow(
      'Migration 0003_nothing has no SQL',
    );
    expect(() => migrationFromSql(-1, 'bad', 'SELECT 1')).toThrow(
      'Migration bad: idx must be a whole number ≥ 0, got -1',
    );
  });
});

describe('migrate', () => {
  it('applies each migration once, in idx order, recording tag and hash; reopening applies nothing', () => {
    const file = tempFile();
    const db = new Database(file);
    expect(migrate(db, [TWO, ONE], WORDING)).toEqual({ applied: ['0000_notes', '0001_note_tags'] });
    db.prepare(`INSERT INTO notes (body, tag) VALUES ('kept', 't')`).run();
    db.close();
    const again = new Database(file);
    expect(migrate(again, [ONE, TWO], WORDING)).toEqual({ applied: [] });
    expect(appliedMigrations(again)).toEqual([
      { idx: 0, tag: '0000_notes', hash: ONE.hash },
      { idx: 1, tag: '0001_note_tags', hash: TWO.hash },
    ]);
    expect(again.prepare('SELECT body, tag FROM notes').all()).toEqual([{ body: 'kept', tag: 't' }]);
    again.close();
  });

  it('upgrades a database at an earlier migration, keeping its rows', () => {
    const db = new Database(tempFile());
    migrate(db, [ONE], WORDING);
    db.prepare(`INSERT INTO notes (body) VALUES ('old')`).run();
    expect(migrate(db, [ONE, TWO], WORDING).applied).toEqual(['0001_note_tags']);
    expect(db.prepare('SELECT body, tag FROM notes').all()).toEqual([{ body: 'old', tag: null }]);
    db.close();
  });

  it('rolls a failing migration back whole and records nothing for it', () => {
    const db = new Database(tempFile());
    const broken = migrationFromSql(
      1,
      '0001_broken',
      `CREATE TABLE half (x);\n--> statement-breakpoint\nNOT SQL;`,
    );
    expect(() => migrate(db, [ONE, broken], WORDING)).toThrow(/syntax error/);
    expect(appliedMigrations(db).map((m) => m.tag)).toEqual(['0000_notes']);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).all()).toEqual([]);
    db.close();
  });

  it('refuses a database holding a migration it does not know, in its own words, before any change', () => {
    const file = tempFile();
    const db = new Database(file);
    migrate(db, [ONE], WORDING);
    db.prepare(`INSERT INTO schema_migrations VALUES (7, '0007_future', 'x', '2030-01-01T00:00:00Z')`).run();
    const before = schemaOf(db);
    expect(() => migrate(db, [ONE, TWO], WORDING)).toThrow(DatabaseVersionError);
    expect(() => migrate(db, [ONE, TWO], WORDING)).toThrow(
      'This database was written by a newer widget (it has migration 0007_future, this widget knows up to ' +
        '0001_note_tags). Install the newer widget; the database has not been changed.',
    );
    expect(schemaOf(db)).toEqual(before);
    db.close();
  });

  it('refuses a database whose applied migration was edited since, before any change', () => {
    const db = new Database(tempFile());
    migrate(db, [ONE], WORDING);
    const edited = migrationFromSql(
      0,
      '0000_notes',
      'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);',
    );
    const before = schemaOf(db);
    expect(() => migrate(db, [edited, TWO], WORDING)).toThrow(
      new DatabaseVersionError('Migration 0000_notes differs from the one applied to this database.'),
    );
    expect(schemaOf(db)).toEqual(before);
    db.close();
  });

  it('refuses a list in which two migrations share an idx', () => {
    const db = new Database(tempFile());
    const clash = migrationFromSql(0, '0000_other', 'CREATE TABLE other (x);');
    expect(() => migrate(db, [ONE, clash], WORDING)).toThrow(/Two migrations share idx 0/);
    db.close();
  });
});

describe('checkMigrations', () => {
  it('passes a database it may migrate without creating anything, and refuses a newer one', () => {
    const db = new Database(tempFile());
    checkMigrations(db, [ONE, TWO], WORDING);
    expect(schemaOf(db)).toEqual([]);
    migrate(db, [ONE, TWO], WORDING);
    checkMigrations(db, [ONE, TWO], WORDING);
    expect(() => checkMigrations(db, [ONE], WORDING)).toThrow(
      /written by a newer widget \(it has migration 0001_note_tags, this widget knows up to 0000_notes\)/,
    );
    db.close();
  });
});

describe('recordMigrations', () => {
  it('records migrations as applied without running them, so migrate runs only the rest', () => {
    const db = new Database(tempFile());
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    db.transaction(() => recordMigrations(db, [ONE]))();
    expect(migrate(db, [ONE, TWO], WORDING).applied).toEqual(['0001_note_tags']);
    db.close();
  });
});
