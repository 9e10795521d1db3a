#!/usr/bin/env node
// `npm run db:generate -- --name <what_changed>`: drizzle-kit writes the SQL migration from the schema,
// then the migrations are embedded as strings for every runtime (scripts/embed-migrations.mjs).
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const generated = spawnSync(npx, ['drizzle-kit', 'generate', ...process.argv.slice(2)], { stdio: 'inherit' });
if (generated.status !== 0) process.exit(generated.status ?? 1);
process.exit(spawnSync(process.execPath, ['scripts/embed-migrations.mjs'], { stdio: 'inherit' }).status ?? 1);
