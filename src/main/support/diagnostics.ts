import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeProxy } from 'modality-link-relay';
import type { Db } from '../db/open-database';
import { chooseLogLevel } from '../logger';
import { relayProxyFor } from '../relay/relay-proxy';

/** How much of the recent logs goes into one diagnostics file (newest lines win). */
const LOG_TAIL_BYTES = 512 * 1024;
/** Columns never copied out of settings tables, whatever they hold: names that could carry secrets. */
const SECRET_COLUMN = /key|secret|token|password/i;

export interface DiagnosticsInput {
  db: Db;
  dataDir: string;
  logDir: string | undefined;
  version: string;
  host: 'electron' | 'web';
  now: Date;
  env?: NodeJS.ProcessEnv;
}

function tail(file: string, bytes: number): string {
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  // Start at a whole line when the tail cut one.
  return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
}

function recentLogs(logDir: string | undefined): Record<string, string> {
  if (!logDir || !existsSync(logDir)) return {};
  const files = readdirSync(logDir)
    .filter((f) => /^modality-link\.log(\.\d+)?$/.test(f))
    .sort((a, b) => Number(a.split('.')[2] ?? 0) - Number(b.split('.')[2] ?? 0));
  const logs: Record<string, string> = {};
  let budget = LOG_TAIL_BYTES;
  for (const name of files) {
    if (budget <= 0) break;
    const text = tail(path.join(logDir, name), budget);
    logs[name] = text;
    budget -= Buffer.byteLength(text);
  }
  return logs;
}

function settingsWithoutSecrets(db: Db): Record<string, unknown[]> {
  const rows = (table: string) =>
    (db.$client.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMN.test(column))),
    );
  return { gateways: rows('gateways') };
}

function proxySetting(env: NodeJS.ProcessEnv): string {
  const rule = relayProxyFor('wss://example.servicebus.windows.net/', env);
  return rule ? describeProxy(rule) : 'none';
}

/**
 * "Export diagnostics": one JSON file for the service desk with what support asks for first: versions,
 * settings (secrets and key references left out), the proxy in use (never its password), the database's
 * integrity check and the recent logs (which hold ids and states, never patient data). Written to the log
 * folder, where IT collects files from.
 */
export function exportDiagnostics(input: DiagnosticsInput): { file: string; bytes: number } {
  const env = input.env ?? process.env;
  const integrity = (input.db.$client.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
    (r) => r.integrity_check,
  );
  const report = {
    generated_at: input.now.toISOString(),
    app: { name: 'Modality Link', version: input.version, host: input.host },
    runtime: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      os: `${os.type()} ${os.release()} (${os.arch()})`,
    },
    data_dir: input.dataDir,
    log_level: chooseLogLevel(env.MODALITY_LINK_LOG_LEVEL).level,
    relay_proxy: proxySetting(env),
    database: {
      file_bytes: statSync(path.join(input.dataDir, 'modality-link.db')).size,
      integrity_check: integrity,
    },
    settings: settingsWithoutSecrets(input.db),
    logs: recentLogs(input.logDir),
  };
  const dir = input.logDir ?? input.dataDir;
  const stamp = input.now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `modality-link-diagnostics-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  return { file, bytes: Buffer.byteLength(text) };
}
