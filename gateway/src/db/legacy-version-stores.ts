import {
  DatabaseVersionError,
  recordMigrations,
  appliedMigrations,
  type Migration,
} from 'modality-link-sqlite-migrate';
import type Database from 'better-sqlite3';

/**
 * Before ADR 0029 the gateway kept three version stores of its own in `gateway.sqlite`:
 * `gateway_meta.inbox_schema_version` (1), the `worklist_schema_version` table (1) and
 * `gateway_meta.return_path_schema_version` (1, or 2 once `image_followups` existed). A database an
 * installed gateway wrote carries them; this maps each to the migrations whose SQL made the same tables,
 * records those as applied and drops the stores, in one transaction. A store claiming a version newer
 * than these is refused, with the words the old gateway used, before anything changes.
 */
interface LegacyStore {
  /** The words of the old refusal, kept so an operator sees what the old gateway said. */
  newer(version: number): string;
  /** Migration idx that the store's versions 1…n made, by version. */
  byVersion: ReadonlyArray<readonly number[]>;
}

const INBOX: LegacyStore = {
  newer: (v) => `The gateway database has inbox schema ${v}; this gateway knows 1. Use a newer gateway.`,
  byVersion: [[], [0]],
};
const WORKLIST: LegacyStore = {
  newer: (v) => `worklist schema version ${v} is newer than this gateway supports (1)`,
  byVersion: [[], [1]],
};
const RETURN_PATH: LegacyStore = {
  newer: (v) => `return path schema version ${v} is newer than this gateway supports (2)`,
  byVersion: [[], [2], [2, 3]],
};

type Db = Database.Database;

const hasTable = (db: Db, name: string): boolean =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

function metaVersion(db: Db, key: string): unknown {
  if (!hasTable(db, 'gateway_meta')) return undefined;
  const row = db.prepare('SELECT value FROM gateway_meta WHERE key = ?').get(key) as
    { value: unknown } | undefined;
  return row?.value;
}

function worklistVersion(db: Db): unknown {
  if (!hasTable(db, 'worklist_schema_version')) return undefined;
  const row = db.prepare('SELECT version FROM worklist_schema_version WHERE id = 1').get() as
    { version: unknown } | undefined;
  return row?.version;
}

/** The migrations a store's recorded version stands for; absent means none. */
function migrationsFor(store: LegacyStore, where: string, raw: unknown): number[] {
  if (raw === undefined) return [];
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 0) {
    throw new DatabaseVersionError(
      `The gateway database's ${where} holds ${JSON.stringify(raw)}, not a schema version; the database has not been changed.`,
    );
  }
  const idx = store.byVersion[version];
  if (!idx) throw new DatabaseVersionError(store.newer(version));
  return [...idx];
}

/** True when the database still has a legacy version store (a gateway from before ADR 0029 wrote it). */
export function hasLegacyVersionStores(db: Db): boolean {
  return hasTable(db, 'gateway_meta') || hasTable(db, 'worklist_schema_version');
}

/**
 * Adopts the legacy version stores, if any: refuses a newer one before any change, then in one
 * transaction records the equivalent migrations (those not recorded already) and drops the stores.
 * Returns the tags it recorded.
 */
export function adoptLegacyVersionStores(db: Db, migrations: readonly Migration[]): string[] {
  if (!hasLegacyVersionStores(db)) return [];
  const implied = new Set([
    ...migrationsFor(INBOX, 'gateway_meta inbox_schema_version', metaVersion(db, 'inbox_schema_version')),
    ...migrationsFor(WORKLIST, 'worklist_schema_version table', worklistVersion(db)),
    ...migrationsFor(
      RETURN_PATH,
      'gateway_meta return_path_schema_version',
      metaVersion(db, 'return_path_schema_version'),
    ),
  ]);
  const recorded = new Set(appliedMigrations(db).map((m) => m.idx));
  const adopt = migrations.filter((m) => implied.has(m.idx) && !recorded.has(m.idx));
  db.transaction(() => {
    recordMigrations(db, adopt);
    if (hasTable(db, 'gateway_meta')) {
      db.prepare(
        `DELETE FROM gateway_meta WHERE key IN ('inbox_schema_version', 'return_path_schema_version')`,
      ).run();
      // The table held nothing else; a key we do not know is left, with the table, rather than lost.
      if (db.prepare('SELECT COUNT(*) FROM gateway_meta').pluck().get() === 0)
        db.exec('DROP TABLE gateway_meta');
    }
    db.exec('DROP TABLE IF EXISTS worklist_schema_version');
  })();
  return adopt.map((m) => m.tag);
}
