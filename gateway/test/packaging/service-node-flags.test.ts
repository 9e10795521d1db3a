import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import SERVICE_NODE_FLAGS from '../../service-node-flags.json';

/**
 * The service's node flags (gateway/service-node-flags.json) work only on node's command line, so every
 * way of starting the gateway must pass them. The Debian launcher and the Windows service definition are
 * checked on the running process by their packaging tests; these are the bin shim and the Windows
 * administrators' command.
 */
const GATEWAY = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ml-node-flags-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('service node flags', () => {
  it('reach node when the bin shim is run as a command (its shebang)', () => {
    // Preloaded before the shim: records node's own flags and stops, so no gateway starts.
    const probe = join(dir, 'probe.cjs');
    const record = join(dir, 'exec-argv.json');
    writeFileSync(
      probe,
      `require('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.execArgv)); process.exit(0);`,
    );
    execFileSync(join(GATEWAY, 'bin/modality-link-gateway.js'), ['version'], {
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
    });
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(SERVICE_NODE_FLAGS);
  });

  it('are on the Windows administrators’ command line, ahead of the script', () => {
    const cmd = readFileSync(join(GATEWAY, 'packaging/windows/modality-link-gateway.cmd'), 'utf8');
    expect(cmd).toContain(
      `"%~dp0node.exe" ${SERVICE_NODE_FLAGS.join(' ')} "%~dp0bin\\modality-link-gateway.js" %*`,
    );
  });
});
