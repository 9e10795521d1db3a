import type Database from 'better-sqlite3';

/**
 * Prepared statements per database handle. Preparing costs more than running a C-FIND's indexed
 * SELECT, and the SCP builds one of a few dozen SQL shapes per query, so we keep them. A WeakMap keyed
 * by handle means a closed and dropped database takes its statements with it.
 */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
