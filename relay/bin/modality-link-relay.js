#!/usr/bin/env node
'use strict';
// The CLI is compiled to dist/ by `npm run build -w relay`.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`modality-link-relay: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
