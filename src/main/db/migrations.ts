import type Database from 'better-sqlite3';
import {
  DatabaseVersionError,
  migrate as migrateWith,
  migrationFromSql,
  type Migration,
  type MigrationWording,
} from 'modality-link-sqlite-migrate';
import { EMBEDDED_MIGRATIONS } from './migrations/embedded';

/**
 * The app's migrations are drizzle-kit's generated SQL, embedded as strings (scripts/embed-migrations.mjs)
 * so the packaged app, scripts and bundles need no migrations folder on disk. The mechanism (one
 * transaction per migration, recorded with the hash of its SQL, a newer database refused before any
 * change) is the package shared with the gateway, modality-link-sqlite-migrate (ADR 0029).
 */
export { DatabaseVersionError, type Migration };

const APP_WORDING: MigrationWording = {
  newer: 'a newer version of Modality Link',
  self: 'this version',
  install: 'the newer version',
};

export function bundledMigrations(): Migration[] {
  return EMBEDDED_MIGRATIONS.map((entry) => migrationFromSql(entry.idx, entry.tag, entry.sql));
}

export function migrate(
  db: Database.Database,
  migrations: Migration[] = bundledMigrations(),
): { applied: string[] } {
  return migrateWith(db, migrations, APP_WORDING);
}
