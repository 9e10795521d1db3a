import { describe, expect, it } from 'vitest';
import * as protocol from 'modality-link-protocol';
import * as relay from 'modality-link-relay';
import * as sqliteMigrate from 'modality-link-sqlite-migrate';

// Tests run the workspace packages from their TypeScript source (the `source` export condition in
// vitest.config.ts), so an edit is tested without rebuilding and a fresh clone needs no dist. A package
// loaded from its CommonJS dist instead shows up as a namespace with a synthetic `default` export.
describe('vitest resolves workspace packages from source', () => {
  it.each([
    ['modality-link-protocol', protocol],
    ['modality-link-relay', relay],
    ['modality-link-sqlite-migrate', sqliteMigrate],
  ])('%s', (_name, namespace) => {
    expect(Object.keys(namespace)).not.toContain('default');
    expect(Object.keys(namespace).length).toBeGreaterThan(0);
  });
});
