// `npm run build -w protocol`: runs in the main process, the gateway and the renderer alike, so the
// bundle targets no platform.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspacePackage } from '../scripts/build-workspace-package.mjs';

await buildWorkspacePackage(dirname(fileURLToPath(import.meta.url)), {
  platform: 'neutral',
  external: ['zod'],
});
