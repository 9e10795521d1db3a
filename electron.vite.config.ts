import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, type Plugin } from 'vite';

// Workspace packages are bundled from their TypeScript source (the `source` export condition); npm
// dependencies stay external and load from node_modules, native better-sqlite3 included.
const workspacePackages = ['modality-link-protocol', 'modality-link-relay', 'modality-link-sqlite-migrate'];

/**
 * `npm run dev` only: Vite's dev server injects an inline React-refresh script and style tags that
 * the page's strict CSP forbids. Builds keep the strict policy untouched.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'modality-link:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  main: {
    // Vite builds main as an SSR environment, which reads its own resolve conditions.
    ssr: { resolve: { conditions: ['source', 'node'] } },
    build: {
      externalizeDeps: { exclude: workspacePackages },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          web: resolve(__dirname, 'src/main/web.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { conditions: ['source', ...defaultClientConditions] },
    plugins: [react(), relaxCspForDevServer()],
    build: {
      rollupOptions: {
        input: resolve(__dirname, 'src/renderer/index.html'),
        // zod ships comments Rollup cannot place; they are harmless and would bury real warnings.
        onwarn: (warning, warn) => (warning.code === 'INVALID_ANNOTATION' ? undefined : warn(warning)),
      },
    },
  },
});
