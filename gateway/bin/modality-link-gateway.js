#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim */
// The installed command: runs the bundled CLI (build it with `npm run build -w gateway`).
// A small young generation keeps the long-running service's idle footprint down (it mostly waits on
// sockets); set before the bundle loads so start-up garbage never grows it. Override with NODE_OPTIONS.
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS || ''))
  require('v8').setFlagsFromString('--max-semi-space-size=1');
require('../dist/cli.js');
