import { defineConfig } from 'vitest/config';

// Unit and integration tests only: Playwright owns e2e/, benchmarks live in bench/.
export default defineConfig({
  // Workspace packages from their TypeScript source, not their dist. Tests in Node run in Vite's SSR
  // environment, which reads its own conditions: without the second line they silently got the dist
  // (scripts/workspace-source.test.ts).
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source', 'node'] } },
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'protocol/src/**/*.test.ts',
      'sqlite-migrate/src/**/*.test.ts',
      'relay/{src,test}/**/*.test.ts',
      'gateway/{src,test}/**/*.test.ts',
      'scripts/**/*.test.ts',
      'eslint-rules/**/*.test.ts',
      'integration/**/*.test.ts',
    ],
    environment: 'node',
    // Integration tests run the built app, relay and gateway: a fresh clone needs no separate build.
    globalSetup: ['scripts/vitest-build-first.mjs'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
