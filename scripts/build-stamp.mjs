// Whether `npm start` may skip the build: a fingerprint of every file the build reads (path, size,
// mtime), kept next to the outputs in out/. Reading stat() of a few thousand files takes tens of ms,
// where a rebuild takes 25–50 s; hashing contents would cost more and catch nothing an edit does not
// also change in size or mtime.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the app, relay and gateway builds read, relative to the repository root. */
export const BUILD_INPUTS = [
  'src',
  'protocol/src',
  'sqlite-migrate/src',
  'relay/src',
  'gateway/src',
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'tsconfig.shared.json',
  'protocol/package.json',
  'protocol/tsconfig.json',
  'protocol/tsconfig.build.json',
  'protocol/build.mjs',
  'sqlite-migrate/package.json',
  'sqlite-migrate/tsconfig.json',
  'sqlite-migrate/tsconfig.build.json',
  'sqlite-migrate/build.mjs',
  'relay/package.json',
  'relay/tsconfig.json',
  'relay/tsconfig.build.json',
  'gateway/package.json',
  'gateway/tsconfig.json',
  'gateway/build.mjs',
  'scripts/build.mjs',
  'scripts/build-workspace-package.mjs',
];
/** What the build writes and `npm start` runs: if any is missing, the build runs whatever the stamp says. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/web.js',
  'out/preload/index.js',
  'out/renderer/index.html',
  'protocol/dist/index.js',
  'sqlite-migrate/dist/index.js',
  'relay/dist/index.js',
  'gateway/dist/cli.js',
];
export const STAMP_FILE = 'out/.build-stamp';

function* walk(root, relative) {
  let stat;
  try {
    stat = fs.statSync(path.join(root, relative));
  } catch {
    // A missing input is part of the fingerprint too: creating it later changes it.
    yield `${relative}\tmissing`;
    return;
  }
  if (!stat.isDirectory()) {
    yield `${relative}\t${stat.size}\t${stat.mtimeMs}`;
    return;
  }
  const entries = fs.readdirSync(path.join(root, relative)).sort();
  for (const entry of entries) yield* walk(root, path.posix.join(relative, entry));
}

export function sourceFingerprint(root, inputs = BUILD_INPUTS) {
  const hash = crypto.createHash('sha256');
  for (const input of inputs) for (const line of walk(root, input)) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/**
 * Decides whether the outputs are current. `fingerprint` is computed before any build starts, so an
 * edit made while a build runs leaves a stamp that no longer matches, and the next start rebuilds.
 */
export function buildDecision(
  root,
  { inputs = BUILD_INPUTS, outputs = BUILD_OUTPUTS, stampFile = STAMP_FILE } = {},
) {
  const fingerprint = sourceFingerprint(root, inputs);
  const missing = outputs.find((file) => !fs.existsSync(path.join(root, file)));
  if (missing) return { build: true, reason: `${missing} is missing`, fingerprint };
  let stamp;
  try {
    stamp = fs.readFileSync(path.join(root, stampFile), 'utf8').trim();
  } catch {
    return { build: true, reason: 'no build stamp yet', fingerprint };
  }
  if (stamp !== fingerprint) return { build: true, reason: 'the sources changed', fingerprint };
  return { build: false, reason: 'the sources are unchanged since the last build', fingerprint };
}

export function writeStamp(root, fingerprint, stampFile = STAMP_FILE) {
  fs.mkdirSync(path.dirname(path.join(root, stampFile)), { recursive: true });
  fs.writeFileSync(path.join(root, stampFile), `${fingerprint}\n`);
}
