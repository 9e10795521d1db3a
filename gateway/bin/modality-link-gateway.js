#!/usr/bin/env -S node --max-semi-space-size=1
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim */
// The installed command: runs the bundled CLI (build it with `npm run build -w gateway`).
//
// The shebang's node flags are the service's (gateway/service-node-flags.json, ADR 0010): a 1 MB young
// generation keeps the long-running service's idle footprint down, as it mostly waits on sockets. V8
// sizes its heap when the process starts, so the flags only work on node's command line:
// `v8.setFlagsFromString` here would be too late. The Debian launcher, the Windows service definition
// and .cmd, `npm start` and the benchmark pass the same flags; the packaging tests check the shebang,
// the .cmd and the running Debian and Windows services.
require('../dist/cli.js');
