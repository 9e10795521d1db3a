import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { azureSignArgs, sign, signingDecision } from './sign-windows.mjs';

const root = path.resolve(__dirname, '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const pfx = { file: '/tmp/cert.p12', password: 'secret' };
const azureEnv = {
  MODALITY_LINK_AZURE_SIGN_ENDPOINT: 'https://weu.codesigning.azure.net',
  MODALITY_LINK_AZURE_SIGN_ACCOUNT: 'modality-link',
  MODALITY_LINK_AZURE_SIGN_PROFILE: "trust's-profile",
};

function fakePackager() {
  const doSign = vi.fn(async () => {});
  return { packager: { signingManager: { value: Promise.resolve({ doSign }) } }, doSign };
}

describe('Windows signing hook', () => {
  it('chooses Azure, then a certificate, then unsigned, from the environment alone', () => {
    expect(signingDecision(azureEnv, pfx)).toEqual({
      method: 'azure',
      endpoint: 'https://weu.codesigning.azure.net',
      account: 'modality-link',
      profile: "trust's-profile",
    });
    expect(signingDecision({ WIN_CSC_LINK: '/tmp/cert.p12' }, pfx)).toEqual({ method: 'certificate' });
    expect(signingDecision({}, null)).toEqual({ method: 'skip' });
    // Blank values count as unset, as a CI secret that expands to nothing does.
    expect(signingDecision({ MODALITY_LINK_AZURE_SIGN_ENDPOINT: ' ' }, null)).toEqual({ method: 'skip' });
  });

  it('stops on half an Azure setting or on required-but-missing signing, rather than shipping unsigned', () => {
    const half = signingDecision({ MODALITY_LINK_AZURE_SIGN_ENDPOINT: 'https://x' }, pfx);
    expect(half).toEqual({
      method: 'error',
      message:
        'Azure Trusted Signing is half configured: set MODALITY_LINK_AZURE_SIGN_ACCOUNT, MODALITY_LINK_AZURE_SIGN_PROFILE',
    });
    expect(signingDecision({ MODALITY_LINK_REQUIRE_SIGNING: '1' }, null).method).toBe('error');
    expect(signingDecision({ MODALITY_LINK_REQUIRE_SIGNING: '1' }, pfx).method).toBe('certificate');
  });

  it('skips with one log line per build and signs nothing', async () => {
    const { packager, doSign } = fakePackager();
    const log = vi.fn();
    const exec = vi.fn();
    for (const file of ['a.exe', 'b.dll', 'Setup.exe']) {
      await expect(sign({ path: file, cscInfo: null }, packager, { env: {}, log, exec })).resolves.toBe(
        false,
      );
    }
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatch(/^sign-windows: no WIN_CSC_LINK\/CSC_LINK .*unsigned$/);
    expect(doSign).not.toHaveBeenCalled();
    expect(exec).not.toHaveBeenCalled();
  });

  it("signs with a certificate through electron-builder's own signtool code", async () => {
    const { packager, doSign } = fakePackager();
    const configuration = { path: 'Modality Link.exe', cscInfo: pfx };
    await expect(sign(configuration, packager, { env: { CSC_LINK: 'x' }, log: vi.fn() })).resolves.toBe(true);
    expect(doSign).toHaveBeenCalledWith(configuration, packager);
  });

  it('signs with Azure Trusted Signing through PowerShell, values quoted', async () => {
    const { packager, doSign } = fakePackager();
    const exec = vi.fn();
    await expect(
      sign({ path: "C:\\out\\it's.exe", cscInfo: null }, packager, { env: azureEnv, exec }),
    ).resolves.toBe(true);
    expect(doSign).not.toHaveBeenCalled();
    expect(exec).toHaveBeenCalledTimes(1);
    const [shell, args] = exec.mock.calls[0] ?? [];
    expect(shell).toMatch(/^(pwsh|powershell\.exe)$/);
    const decision = signingDecision(azureEnv, null);
    if (decision.method !== 'azure') throw new Error('expected azure');
    expect(args).toEqual(azureSignArgs(decision, "C:\\out\\it's.exe"));
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(args[3]).toBe(
      "Invoke-TrustedSigning -Endpoint 'https://weu.codesigning.azure.net' -CodeSigningAccountName 'modality-link' " +
        "-CertificateProfileName 'trust''s-profile' -FileDigest 'SHA256' -TimestampRfc3161 'http://timestamp.acs.microsoft.com' " +
        "-TimestampDigest 'SHA256' -Files 'C:\\out\\it''s.exe'",
    );
  });

  it('fails the build on a signing error instead of returning', async () => {
    const { packager } = fakePackager();
    await expect(
      sign({ path: 'a.exe', cscInfo: null }, packager, { env: { MODALITY_LINK_REQUIRE_SIGNING: '1' } }),
    ).rejects.toThrow(/^sign-windows: MODALITY_LINK_REQUIRE_SIGNING=1 but no signing is configured/);
  });

  describe("through electron-builder's own signing code, with this config", () => {
    // WindowsSignToolManager is what electron-builder runs for each file; only the packager around it
    // is faked (it needs Electron to exist). This proves the hook is called, once per file (SHA-256
    // only), and that a certificate from WIN_CSC_LINK reaches it.
    const saved = { ...process.env };
    const cwd = process.cwd();
    beforeEach(() => {
      for (const k of Object.keys(process.env))
        if (/CSC_|AZURE_SIGN|REQUIRE_SIGNING/.test(k)) delete process.env[k];
      process.chdir(root);
    });
    afterEach(() => {
      process.env = { ...saved };
      process.chdir(cwd);
      vi.restoreAllMocks();
    });

    async function signWithElectronBuilder(file: string) {
      const { WindowsSignToolManager } =
        (await import('app-builder-lib/out/codeSign/windowsSignToolManager.js')) as {
          WindowsSignToolManager: new (packager: unknown) => { signFile(o: unknown): Promise<boolean> };
        };
      const doSign = vi.fn(async (_configuration: unknown, _packager: unknown) => {});
      const packager = {
        platformSpecificBuildOptions: config.win,
        appInfo: { productName: config.productName, type: 'default', computePackageUrl: async () => null },
        info: { getWorkspaceRoot: async () => root, tempDirManager: null, projectDir: root },
        getCscLink: (extra: string) => process.env[extra] ?? process.env.CSC_LINK,
        getCscPassword: () => process.env.WIN_CSC_KEY_PASSWORD ?? '',
        signingManager: { value: Promise.resolve({ doSign }) },
      };
      const manager = new WindowsSignToolManager(packager);
      const result = await manager.signFile({ path: file, options: config.win });
      return { result, doSign };
    }

    it('skips with one line when nothing is set', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const { doSign } = await signWithElectronBuilder('Modality Link.exe');
      expect(doSign).not.toHaveBeenCalled();
      expect(log.mock.calls.filter(([line]) => String(line).startsWith('sign-windows:'))).toHaveLength(1);
    });

    it('hands a WIN_CSC_LINK certificate to signtool once, SHA-256', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sign-windows-'));
      const pfxFile = path.join(dir, 'cert.pfx');
      fs.writeFileSync(pfxFile, 'not a real certificate; only its path is passed on');
      process.env.WIN_CSC_LINK = pfxFile;
      process.env.WIN_CSC_KEY_PASSWORD = 'pw';
      try {
        const { doSign } = await signWithElectronBuilder('Modality Link.exe');
        expect(doSign).toHaveBeenCalledTimes(1);
        expect(doSign.mock.calls[0]?.[0]).toMatchObject({
          path: 'Modality Link.exe',
          hash: 'sha256',
          cscInfo: { file: pfxFile, password: 'pw' },
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('is the hook electron-builder loads from electron-builder.yml', async () => {
    expect(config.win.signtoolOptions.sign).toBe('./scripts/sign-windows.mjs');
    const { resolveFunction } = (await import('app-builder-lib/out/util/resolve.js')) as {
      resolveFunction(type: unknown, executor: unknown, name: string, root: string): Promise<unknown>;
    };
    const cwd = process.cwd();
    process.chdir(root); // electron-builder resolves hook paths from the project folder it runs in
    try {
      // Node's own import, not vitest's, so compare by behaviour rather than identity.
      const loaded = (await resolveFunction(
        'default',
        config.win.signtoolOptions.sign,
        'sign',
        root,
      )) as typeof sign;
      const log = vi.fn();
      await expect(
        loaded({ path: 'a.exe', cscInfo: null }, fakePackager().packager, { env: {}, log }),
      ).resolves.toBe(false);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^sign-windows: /));
    } finally {
      process.chdir(cwd);
    }
  });
});
