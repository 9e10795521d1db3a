import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Lints text as if it sat at a path in this repository, with the repository's own eslint.config.mjs:
// the rule is tested where it is switched on, not only in isolation.
const ROOT = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'package-boundaries/stay-in-package')
    .map((m) => m.message);
}

describe('package boundaries (eslint)', () => {
  it('refuses a gateway file reaching into the app by path', async () => {
    const errors = await boundaryErrors(
      'gateway/src/inbox/example.ts',
      "import { canonicalJson } from '../../../src/shared/domain/message';\nexport const x = canonicalJson;\n",
    );
    expect(errors).toEqual([
      "'../../../src/shared/domain/message' reaches from the gateway into the desktop app. Import shared code by " +
        "package name (e.g. 'modality-link-protocol'), or move it into the protocol package.",
    ]);
  });

  it('refuses the app reaching into the gateway, by static import, re-export or dynamic import', async () => {
    const errors = await boundaryErrors(
      'src/main/outbox/example.ts',
      [
        "import { a } from '../../../gateway/src/gateway';",
        "export * from '../../../relay/src/index';",
        "export const b = () => import('../../../protocol/src/signing');",
        'export const c = a;',
      ].join('\n'),
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('from the desktop app into the gateway');
    expect(errors[1]).toContain('from the desktop app into the relay');
    expect(errors[2]).toContain('from the desktop app into the protocol package');
  });

  it('refuses the protocol package reaching out of its folder', async () => {
    const errors = await boundaryErrors(
      'protocol/src/example.ts',
      "import { MESSAGE_TYPE_NAMES } from '../../src/shared/domain/message';\nexport const n = MESSAGE_TYPE_NAMES;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('from the protocol package into the desktop app');
  });

  it('refuses the gateway reaching into the migrations package by path, and the package reaching out', async () => {
    const inward = await boundaryErrors(
      'gateway/src/db/example.ts',
      "import { migrate } from '../../../sqlite-migrate/src/migrate';\nexport const m = migrate;\n",
    );
    expect(inward).toHaveLength(1);
    expect(inward[0]).toContain('from the gateway into the SQLite migrations package');
    const outward = await boundaryErrors(
      'sqlite-migrate/src/example.ts',
      "import { openGatewayDb } from '../../gateway/src/db/open';\nexport const o = openGatewayDb;\n",
    );
    expect(outward).toHaveLength(1);
    expect(outward[0]).toContain('from the SQLite migrations package into the gateway');
  });

  it('allows imports inside a package, by package name, and of the shared test kit', async () => {
    const errors = await boundaryErrors(
      'gateway/test/example.test.ts',
      [
        "import { canonicalJson } from 'modality-link-protocol';",
        "import { freePort } from '../../test-support/free-port';",
        "import { startGateway } from '../src/gateway';",
        'export const all = [canonicalJson, freePort, startGateway];',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });
});
