import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes append-only SQL migrations that are committed and bundled with main.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/db/schema.ts',
  out: './src/main/db/migrations',
});
