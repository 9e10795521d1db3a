import {
  checkMigrations,
  migrate,
  type Migration,
  type MigrationWording,
} from 'modality-link-sqlite-migrate';
import type Database from 'better-sqlite3';
import { adoptLegacyVersionStores } from './legacy-version-stores';
import { GATEWAY_MIGRATIONS } from './migrations';

const GATEWAY_WORDING: MigrationWording = {
  newer: 'a newer gateway',
  self: 'this gateway',
  install: 'the newer gateway',
};

/**
 * Brings the gateway's one database to this build's schema (ADR 0029): refuses a database a newer gateway
 * wrote, adopts the version stores of a gateway from before the shared mechanism, then applies every
 * migration not yet recorded, each in its own transaction. `migrations` is the full list; tests pass a
 * prefix of it to build a database as an earlier gateway left it.
 */
export function migrateGatewayDb(
  db: Database.Database,
  migrations: readonly Migration[] = GATEWAY_MIGRATIONS,
): { adopted: string[]; applied: string[] } {
  checkMigrations(db, migrations, GATEWAY_WORDING);
  const adopted = adoptLegacyVersionStores(db, migrations);
  return { adopted, ...migrate(db, migrations, GATEWAY_WORDING) };
}
