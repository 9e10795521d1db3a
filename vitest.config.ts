import { defineConfig } from 'vitest/config';

// Unit and integration tests only: Playwright owns e2e/, benchmarks live in bench/.
export default defineConfig({
  resolve: { conditions: ['source'] },
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
