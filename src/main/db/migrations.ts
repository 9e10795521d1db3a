import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { EMBEDDED_MIGRATIONS } from './migrations/embedded';

/**
 * Applies drizzle-kit's generated SQL migrations, embedded as strings (scripts/embed-migrations.mjs) so
 * the packaged app, scripts and bundles need no migrations folder on disk. Each migration runs in its own transaction and is
 * recorded with the hash of its SQL, so an edited (not appended) migration is caught, and a database
 * that has migrations this build does not know (written by a newer version) is refused before any change.
 */
export interface Migration {
  idx: number;
  tag: string;
  statements: string[];
  hash: string;
}

export class DatabaseVersionError extends Error {
  override name = 'DatabaseVersionError';
}

export function bundledMigrations(): Migration[] {
  return EMBEDDED_MIGRATIONS.map((entry) => {
    const text = entry.sql;
    return {
      idx: entry.idx,
      tag: entry.tag,
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
      hash: createHash('sha256').update(text).digest('hex'),
    };
  });
}

export function migrate(
  db: Database.Database,
  migrations: Migration[] = bundledMigrations(),
): { applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = db.prepare('SELECT idx, tag, hash FROM schema_migrations ORDER BY idx').all() as Array<{
    idx: number;
    tag: string;
    hash: string;
  }>;
  const known = new Map(migrations.map((m) => [m.idx, m]));
  for (const row of done) {
    const mine = known.get(row.idx);
    if (!mine) {
      throw new DatabaseVersionError(
        `This database was written by a newer version of Modality Link (it has migration ${row.tag}, ` +
          `this version knows up to ${migrations.at(-1)?.tag ?? 'none'}). Install the newer version; ` +
          'the database has not been changed.',
      );
    }
    if (mine.hash !== row.hash) {
      throw new DatabaseVersionError(`Migration ${row.tag} differs from the one applied to this database.`);
    }
  }
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (done.some((d) => d.idx === m.idx)) continue;
    db.transaction(() => {
      for (const statement of m.statements) db.exec(statement);
      record.run(m.idx, m.tag, m.hash, new Date().toISOString());
    })();
    applied.push(m.tag);
  }
  return { applied };
}
