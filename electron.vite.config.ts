import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Workspace packages are bundled from their TypeScript source (the `source` export condition); npm
// dependencies stay external and load from node_modules, native better-sqlite3 included.
const workspacePackages = ['modality-link-relay'];

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
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
