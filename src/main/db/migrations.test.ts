import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledMigrations, DatabaseVersionError, migrate } from './migrations';
import { EMBEDDED_MIGRATIONS } from './migrations/embedded';
import { openDatabase } from './open-database';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-db-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database open and migrations', () => {
  it('embeds exactly the SQL files drizzle-kit generated (run `npm run db:generate` after changing the schema)', () => {
    const dir = path.join(__dirname, 'migrations');
    const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const onDisk = journal.entries.map((e) => fs.readFileSync(path.join(dir, `${e.tag}.sql`), 'utf8'));
    expect(EMBEDDED_MIGRATIONS.map((m) => m.sql)).toEqual(onDisk);
  });

  it('creates every table on a new file and sets the pragmas', () => {
    const db = openDatabase(tempFile());
    const client = db.$client;
    const tables = client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'providers',
        'gateways',
        'clinics',
        'clinic_slots',
        'participants',
        'appointments',
        'messages',
        'audit_events',
      ]),
    );
    expect(client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(client.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(client.pragma('busy_timeout', { simple: true })).toBe(5000);
    client.close();
  });

  it('is idempotent: reopening applies nothing new', () => {
    const file = tempFile();
    openDatabase(file).$client.close();
    const raw = new Database(file);
    expect(migrate(raw).applied).toEqual([]);
    expect(raw.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: bundledMigrations().length,
    });
    raw.close();
  });

  it('refuses a database written by a newer version, without changing it', () => {
    const file = tempFile();
    openDatabase(file).$client.close();
    const raw = new Database(file);
    raw
      .prepare(
        "INSERT INTO schema_migrations VALUES (999, '0999_from_the_future', 'x', '2030-01-01T00:00:00Z')",
      )
      .run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseVersionError);
    expect(() => openDatabase(file)).toThrow(/newer version of Modality Link.*0999_from_the_future/);
  });

  it('refuses a database whose applied migration differs from this build', () => {
    const file = tempFile();
    openDatabase(file).$client.close();
    const raw = new Database(file);
    raw.prepare("UPDATE schema_migrations SET hash = 'edited' WHERE idx = 0").run();
    raw.close();
    expect(() => openDatabase(file)).toThrow(/differs/);
  });

  it('keeps the audit log append-only', () => {
    const db = openDatabase(':memory:');
    const client = db.$client;
    client
      .prepare(
        "INSERT INTO audit_events (at, actor, action, entity_type, entity_id) VALUES ('t', 'a', 'x', 'e', '1')",
      )
      .run();
    expect(() => client.prepare("UPDATE audit_events SET actor = 'b'").run()).toThrow(/append-only/);
    expect(() => client.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });

  it('refuses a confirmation recorded before delivery', () => {
    const db = openDatabase(':memory:');
    const client = db.$client;
    client.exec(`INSERT INTO providers VALUES ('p', 'P', 'R99', 't');
      INSERT INTO gateways (id, provider_id, name, relay_scheme, relay_host, hybrid_connection, send_rule_name, send_key_ref, profile, routes, created_at)
        VALUES ('g', 'p', 'G', 'ws', '127.0.0.1', 'hc', 'send', 'ref', 'poc-five', '[]', 't');`);
    const insert = (delivered: string | null, confirmed: string | null) =>
      client
        .prepare(
          `INSERT INTO messages (id, gateway_id, type, action_type, payload, destination, status, created_at, updated_at, delivered_at, confirmed_at)
           VALUES (?, 'g', 'FHIR', 'message.deliver', '{}', 'd', 'confirmed', 't', 't', ?, ?)`,
        )
        .run(Math.random().toString(), delivered, confirmed);
    expect(() => insert(null, '2026-11-27T09:00:00.000Z')).toThrow(/CHECK constraint failed/);
    expect(() => insert('2026-11-27T09:00:01.000Z', '2026-11-27T09:00:00.000Z')).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => insert('2026-11-27T09:00:00.000Z', '2026-11-27T09:00:00.500Z')).not.toThrow();
  });
});
