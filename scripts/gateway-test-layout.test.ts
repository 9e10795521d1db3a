import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ADR 0027's test layout for the gateway, stated mechanically: a test under `gateway/src/` sits beside
 * its unit and starts no process and no network peer; a test under `gateway/test/` starts at least one
 * (a child process, a DCMTK tool, the relay, the gateway, an SCP or a socket peer). `gateway/test/packaging/`
 * is the exception: it checks the files the packages ship, which have no unit beside them.
 */
const ROOT = path.resolve(__dirname, '..');

/** What in a test's source starts a process or a network peer, directly or through a test helper. */
const PEER_MARKERS: RegExp[] = [
  /from 'node:(child_process|net|http|https|dgram)'/,
  /from 'ws'/,
  /\bstart(TestRelay|Relay|Gateway|WorklistScp|StorageScp|MppsScp|RecordingScp|Tool|Tinyproxy)\(/,
  /\b(freePort|listenOnLoopback)\(/,
  /from '[^']*\/(dcmtk|storescu|dcmtk-process|recording-scp|raw-peer|dimse-client)'/,
  /from '[^']*\/helpers\/(cli|gateway|relay)'/,
];

function startsAPeer(source: string): boolean {
  return PEER_MARKERS.some((marker) => marker.test(source));
}

function gatewayTests(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'gateway'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((file) => file.endsWith('.test.ts'));
}

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('gateway test layout (ADR 0027)', () => {
  it('keeps unit tests beside their unit: nothing under gateway/src/ starts a process or a peer', () => {
    const misplaced = gatewayTests().filter((f) => f.startsWith('gateway/src/') && startsAPeer(read(f)));
    expect(misplaced).toEqual([]);
  });

  it('keeps gateway/test/ for process and peer tests: a test there that starts nothing belongs in src/', () => {
    const misplaced = gatewayTests().filter(
      (f) =>
        f.startsWith('gateway/test/') && !f.startsWith('gateway/test/packaging/') && !startsAPeer(read(f)),
    );
    expect(misplaced).toEqual([]);
  });

  it('finds the tests it judges', () => {
    const tests = gatewayTests();
    expect(tests.filter((f) => f.startsWith('gateway/src/')).length).toBeGreaterThan(10);
    expect(tests.filter((f) => f.startsWith('gateway/test/')).length).toBeGreaterThan(10);
  });

  it('tells a peer test from a unit test by what it starts', () => {
    expect(startsAPeer("import { spawn } from 'node:child_process';")).toBe(true);
    expect(startsAPeer("import { storescu } from './storescu';")).toBe(true);
    expect(startsAPeer('const relay = await startTestRelay();')).toBe(true);
    expect(startsAPeer("import { openGatewayDb } from '../db/open';\nstartRetention(jobs);")).toBe(false);
    expect(startsAPeer("import { parseArgv } from './options';")).toBe(false);
  });
});
