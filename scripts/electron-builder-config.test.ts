import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));

describe('desktop packaging configuration', () => {
  it("passes electron-builder's own validation", async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const logger = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, nsis: { ...config.nsis, perMachin: true } }, logger),
    ).rejects.toThrow(/configuration.nsis/);
    // ...and the signing block's keys, so the signing hook cannot be switched off by a typo.
    await expect(
      validateConfiguration(
        { ...config, win: { ...config.win, signtoolOptions: { ...config.win.signtoolOptions, sigh: 'x' } } },
        logger,
      ),
    ).rejects.toThrow(/configuration.win/);
    // The validator knows the fuse names, so a misspelt fuse cannot pass silently.
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } },
        logger,
      ),
    ).rejects.toThrow(/electronFuses/);
  });

  it('flips the Electron fuses that close the runtime back doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the bundles, keeps the native module loadable, and never rebuilds here by default', () => {
    expect(config.files).toContain('out/**');
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
    expect(config.win.target[0].target).toBe('nsis');
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(fs.existsSync(path.join(root, config.win.icon))).toBe(true);
  });

  it('supports the documented silent per-machine install and its detection rule', async () => {
    // Assisted (not one-click) and not forced per-machine: that is what makes NSIS honour /allusers
    // and /currentuser on a silent install; elevation lets a user's "all users" choice work.
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      deleteAppDataOnUninstall: false,
    });
    // The pinned guid is the one electron-builder would derive from appId (its NSIS namespace), so
    // pinning changed nothing for existing installs; the docs' registry key names it.
    const { UUID } = (await import('builder-util-runtime')) as {
      UUID: { v5(name: string, namespace: unknown): string; parse(uuid: string): unknown };
    };
    const derived = UUID.v5(config.appId, UUID.parse('50e065bc-3134-11e6-9bab-38c9862bdaf3'));
    expect(config.nsis.guid).toBe(derived);
    const ops = fs.readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
    const managed = ops.slice(ops.indexOf('## Desktop app: managed install'));
    expect(managed).toContain(`HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${derived}`);
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const installer = config.win.artifactName.replace('${version}', version).replace('${ext}', 'exe');
    expect(managed).toContain(`"${installer}" /S /allusers`);
    expect(managed).toContain(`\\Uninstall ${config.productName}.exe" /allusers /S`);
  });

  it('never updates itself: no publish feed and no electron-updater (ADR 0017)', () => {
    // null, not merely absent: absent lets electron-builder guess a provider (e.g. GitHub from the
    // repository field) and write app-update.yml into the app.
    expect(config).toHaveProperty('publish', null);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('electron-updater');
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    expect(lock.packages).not.toHaveProperty(['node_modules/electron-updater']);
    // Nothing in the app's source asks for an updater either.
    const sources = fs
      .readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(10);
    for (const f of sources) {
      expect(fs.readFileSync(path.join(root, 'src', f), 'utf8'), f).not.toMatch(
        /electron-updater|autoUpdater/,
      );
    }
  });

  it('explains in one line why it cannot package where Electron is missing', async () => {
    const run = spawnSync(process.execPath, ['scripts/dist.mjs'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env },
    });
    const { electronBinaryPath } = (await import('./electron-availability.mjs')) as {
      electronBinaryPath(): string | null;
    };
    if (electronBinaryPath()) {
      // Where Electron exists, dist goes on to package; this test only covers the refusal path.
      expect(run.stderr).not.toMatch(/^dist: cannot package here/);
    } else {
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^dist: cannot package here: the Electron binary is not installed/);
    }
  });
});
