import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from './schema';

/** The .deb's config, valid as shipped: each test changes one list of it. */
const packaged = parse(
  readFileSync(join(__dirname, '../../packaging/debian/gateway.yaml'), 'utf8'),
) as Record<string, unknown>;

const issuesOf = (changes: Record<string, unknown>) => {
  const result = configSchema.safeParse({ ...packaged, ...changes });
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
};

const workstation = (name: string, id: string) => ({
  name,
  id,
  public_key: Buffer.alloc(32, 7).toString('base64'),
});

describe('gateway config: names given twice', () => {
  it('accepts the packaged config with distinct names', () => {
    const destinations = [
      { name: 'a', type: 'file', directory: './out/a' },
      { name: 'b', type: 'file', directory: './out/b' },
    ];
    expect(issuesOf({ destinations })).toEqual([]);
  });

  it('refuses a destination name given twice, at the repeated entry', () => {
    const destinations = [
      { name: 'sink', type: 'file', directory: './out/a' },
      { name: 'sink', type: 'file', directory: './out/b' },
    ];
    expect(issuesOf({ destinations })).toEqual([
      { path: ['destinations', 1, 'name'], message: 'duplicate destination name "sink"' },
    ]);
  });

  it('refuses a workstation name given twice, at the repeated entry', () => {
    const trusted_workstations = [workstation('reception', 'ws-1'), workstation('reception', 'ws-2')];
    expect(issuesOf({ trusted_workstations })).toEqual([
      { path: ['trusted_workstations', 1, 'name'], message: 'duplicate workstation name "reception"' },
    ]);
  });
});
