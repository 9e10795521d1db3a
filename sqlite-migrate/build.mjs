// `npm run build -w sqlite-migrate`: Node only (node:crypto); better-sqlite3 is the caller's.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspacePackage } from '../scripts/build-workspace-package.mjs';

await buildWorkspacePackage(dirname(fileURLToPath(import.meta.url)), {
  platform: 'node',
  external: ['better-sqlite3'],
});
