// electron-builder's Windows `sign` hook (electron-builder.yml, win.signtoolOptions.sign). Signing is
// chosen by the release machine's environment, never by the config file, so the same config packages
// signed on the release pipeline and unsigned anywhere else (docs/operations.md, "Release builds"):
//
// 1. Azure Trusted Signing when MODALITY_LINK_AZURE_SIGN_ENDPOINT, _ACCOUNT and _PROFILE are set; the
//    Azure identity comes from AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET (or any other
//    credential the TrustedSigning PowerShell module accepts).
// 2. A certificate (.pfx) when WIN_CSC_LINK or CSC_LINK is set (password in WIN_CSC_KEY_PASSWORD or
//    CSC_KEY_PASSWORD): electron-builder has already loaded it into `cscInfo`, and its own signtool
//    code does the signing, so timestamping and the signtool/osslsigncode choice stay electron-builder's.
// 3. Otherwise it logs one line and leaves the files unsigned, unless MODALITY_LINK_REQUIRE_SIGNING=1,
//    which a release pipeline sets so that a lost secret fails the build instead of shipping unsigned.
import { execFileSync } from 'node:child_process';

const AZURE_VARS = [
  'MODALITY_LINK_AZURE_SIGN_ENDPOINT',
  'MODALITY_LINK_AZURE_SIGN_ACCOUNT',
  'MODALITY_LINK_AZURE_SIGN_PROFILE',
];

const isSet = (value) => value != null && value.trim() !== '';

/**
 * How to sign, from the environment and electron-builder's certificate info (null when neither
 * WIN_CSC_LINK nor CSC_LINK named a certificate).
 */
export function signingDecision(env, cscInfo) {
  const azureSet = AZURE_VARS.filter((name) => isSet(env[name]));
  if (azureSet.length === AZURE_VARS.length) {
    return {
      method: 'azure',
      endpoint: env.MODALITY_LINK_AZURE_SIGN_ENDPOINT.trim(),
      account: env.MODALITY_LINK_AZURE_SIGN_ACCOUNT.trim(),
      profile: env.MODALITY_LINK_AZURE_SIGN_PROFILE.trim(),
    };
  }
  // Half an Azure setting is a mistake worth stopping for: falling back to a certificate or to
  // unsigned would hide it until someone notices the installer's publisher.
  if (azureSet.length > 0) {
    const missing = AZURE_VARS.filter((name) => !azureSet.includes(name));
    return {
      method: 'error',
      message: `Azure Trusted Signing is half configured: set ${missing.join(', ')}`,
    };
  }
  // electron-builder fills cscInfo from WIN_CSC_LINK/CSC_LINK (the config names no certificate).
  if (cscInfo != null) return { method: 'certificate' };
  if (env.MODALITY_LINK_REQUIRE_SIGNING === '1') {
    return {
      method: 'error',
      message:
        'MODALITY_LINK_REQUIRE_SIGNING=1 but no signing is configured: set WIN_CSC_LINK (or CSC_LINK) or the MODALITY_LINK_AZURE_SIGN_* variables',
    };
  }
  return { method: 'skip' };
}

/** The PowerShell arguments that sign one file with the TrustedSigning module. */
export function azureSignArgs(decision, file) {
  const quote = (value) => `'${String(value).replace(/'/g, "''")}'`;
  const params = [
    ['Endpoint', decision.endpoint],
    ['CodeSigningAccountName', decision.account],
    ['CertificateProfileName', decision.profile],
    ['FileDigest', 'SHA256'],
    ['TimestampRfc3161', 'http://timestamp.acs.microsoft.com'],
    ['TimestampDigest', 'SHA256'],
    ['Files', file],
  ];
  const command = `Invoke-TrustedSigning ${params.map(([k, v]) => `-${k} ${quote(v)}`).join(' ')}`;
  return ['-NoProfile', '-NonInteractive', '-Command', command];
}

// The packagers (one per build) that have already printed the skip line.
const skipLogged = new WeakSet();

/** The hook itself: electron-builder calls it once per file to sign. */
export async function sign(configuration, packager, deps = {}) {
  const env = deps.env ?? process.env;
  const log = deps.log ?? ((line) => console.log(line));
  const decision = signingDecision(env, configuration.cscInfo);
  switch (decision.method) {
    case 'error':
      throw new Error(`sign-windows: ${decision.message}`);
    case 'skip':
      // One line per build, not per file: there are a dozen executables and DLLs.
      // (electron-builder always passes its packager; the fallback key only keeps WeakSet from throwing.)
      if (!skipLogged.has(packager ?? sign)) {
        log(
          'sign-windows: no WIN_CSC_LINK/CSC_LINK or MODALITY_LINK_AZURE_SIGN_* set; the Windows build is unsigned',
        );
        skipLogged.add(packager ?? sign);
      }
      return false;
    case 'certificate': {
      const manager = await packager.signingManager.value;
      await manager.doSign(configuration, packager);
      return true;
    }
    case 'azure': {
      const exec = deps.exec ?? ((cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' }));
      const shell = process.platform === 'win32' ? 'powershell.exe' : 'pwsh';
      exec(shell, azureSignArgs(decision, configuration.path));
      return true;
    }
  }
}
