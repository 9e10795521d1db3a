import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * One migration: its position, its name, the SQL statements it runs and the SHA-256 of its SQL text.
 * The hash is recorded when the migration is applied, so a migration edited after release (rather than
 * a new one appended) is caught on the next open instead of leaving databases that differ silently.
 */
export interface Migration {
  idx: number;
  tag: string;
  statements: string[];
  hash: string;
}

/** A database this build must not touch: written by a newer build, or by a different migration. */
export class DatabaseVersionError extends Error {
  override name = 'DatabaseVersionError';
}

/**
 * How the refusal of a newer database names the product, so each says it in its own words: the app
 * "a newer version of Modality Link" / "this version", the gateway "a newer gateway" / "this gateway".
 */
export interface MigrationWording {
  /** Who wrote a database this build does not know, e.g. `a newer gateway`. */
  newer: string;
  /** This build, e.g. `this gateway`. */
  self: string;
  /** What to install instead, e.g. `the newer gateway`. */
  install: string;
}

/** drizzle-kit separates the statements of one migration file with this marker. */
export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';

/**
 * A `Migration` from its SQL text: statements split at `--> statement-breakpoint` (a text without the
 * marker is one `exec`, which runs every statement in it), hashed over the whole text as written.
 */
export function migrationFromSql(idx: number, tag: string, sql: string): Migration {
  if (!Number.isInteger(idx) || idx < 0)
    throw new Error(`Migration ${tag}: idx must be a whole number ≥ 0, got ${idx}`);
  const statements = sql
    .split(STATEMENT_BREAKPOINT)
    .map((s) => s.trim())
    .filter(Boolean);
  if (statements.length === 0) throw new Error(`Migration ${tag} has no SQL`);
  return { idx, tag, statements, hash: createHash('sha256').update(sql).digest('hex') };
}

type Db = Database.Database;
interface AppliedRow {
  idx: number;
  tag: string;
  hash: string;
}

function ensureTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
}

/** The migrations recorded in the database, oldest first; reading them changes nothing (no table: none). */
export function appliedMigrations(db: Db): AppliedRow[] {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (!table) return [];
  return db.prepare('SELECT idx, tag, hash FROM schema_migrations ORDER BY idx').all() as AppliedRow[];
}

/**
 * Records migrations as applied without running them: for a database whose tables an earlier mechanism
 * already made (the gateway's legacy version stores). The caller runs it inside its own transaction.
 */
export function recordMigrations(db: Db, migrations: readonly Migration[]): void {
  ensureTable(db);
  const record = db.prepare('INSERT INTO schema_migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) record.run(m.idx, m.tag, m.hash, new Date().toISOString());
}

/**
 * Refuses, with `DatabaseVersionError` and without changing anything, a database holding a migration not
 * in `migrations` (written by a newer build) or one whose recorded hash differs from this build's SQL.
 * `migrate` does this first; a caller that changes the database before migrating (adopting an older
 * mechanism's records) calls it before that change.
 */
export function checkMigrations(db: Db, migrations: readonly Migration[], wording: MigrationWording): void {
  checkApplied(appliedMigrations(db), sortedByIdx(migrations), wording);
}

function sortedByIdx(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.idx - b.idx);
  const twice = sorted.find((m, i) => i > 0 && sorted[i - 1]!.idx === m.idx);
  if (twice) throw new Error(`Two migrations share idx ${twice.idx} (${twice.tag}); each needs its own`);
  return sorted;
}

function checkApplied(done: AppliedRow[], migrations: readonly Migration[], wording: MigrationWording): void {
  const known = new Map(migrations.map((m) => [m.idx, m]));
  for (const row of done) {
    const mine = known.get(row.idx);
    if (!mine) {
      throw new DatabaseVersionError(
        `This database was written by ${wording.newer} (it has migration ${row.tag}, ` +
          `${wording.self} knows up to ${migrations.at(-1)?.tag ?? 'none'}). Install ${wording.install}; ` +
          'the database has not been changed.',
      );
    }
    if (mine.hash !== row.hash) {
      throw new DatabaseVersionError(`Migration ${row.tag} differs from the one applied to this database.`);
    }
  }
}

/**
 * Applies, in order, every migration the database has not recorded, each in its own transaction with
 * its record. Before any change it refuses a database holding a migration this build does not know
 * (written by a newer build) or one whose recorded hash differs from this build's SQL.
 */
export function migrate(
  db: Db,
  migrations: readonly Migration[],
  wording: MigrationWording,
): { applied: string[] } {
  const sorted = sortedByIdx(migrations);
  const done = appliedMigrations(db);
  checkApplied(done, sorted, wording);
  const doneIdx = new Set(done.map((d) => d.idx));
  const applied: string[] = [];
  for (const m of sorted) {
    if (doneIdx.has(m.idx)) continue;
    db.transaction(() => {
      for (const statement of m.statements) db.exec(statement);
      recordMigrations(db, [m]);
    })();
    applied.push(m.tag);
  }
  return { applied };
}
