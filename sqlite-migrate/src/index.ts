export {
  appliedMigrations,
  checkMigrations,
  DatabaseVersionError,
  migrate,
  migrationFromSql,
  recordMigrations,
  STATEMENT_BREAKPOINT,
  type Migration,
  type MigrationWording,
} from './migrate';
