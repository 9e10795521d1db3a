/**
 * `npm run chaos` (issue 11): the relay, the gateway and the app's web host as separate processes, a
 * large clinic sent to the modality while each process is killed with SIGKILL at random, the relay goes
 * away for two minutes and the gateway freezes for one; then it settles and prints what survived.
 * A benchmark, not a test: it prints figures beside their goals and exits 0 whenever it could measure.
 * Scale it down with CHAOS_* variables or flags (see bench/chaos/chaos-config.ts and docs/chaos.md).
 * Run: npm run chaos, or node --conditions=source --import tsx bench/chaos/chaos.ts (both build first:
 * the run measures the processes as built).
 */
import { spawnSync } from 'node:child_process';
import { chaosConfigFrom, describeConfig } from './chaos-config';
import { reportLines } from './report';
import { runChaos } from './run-chaos';
import { killEveryChild } from './supervised-process';

async function main(): Promise<void> {
  const config = chaosConfigFrom(process.argv.slice(2));
  console.log('chaos: building the app, the gateway and the relay…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('the build failed (see above)');
  console.log(`chaos: ${describeConfig(config)}`);
  // Ctrl-C: no process of the run may outlive it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killEveryChild();
      process.exit(130);
    });
  const result = await runChaos(config, (line) => console.log(line));
  console.log('');
  for (const line of reportLines(result)) console.log(line);
  if (config.keep) console.log(`# folder kept: ${result.root}`);
}

main().catch((error: unknown) => {
  killEveryChild();
  console.error(`chaos: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
