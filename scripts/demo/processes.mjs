// Child processes of the demo, each with its output prefixed, and a wait for the line that says it is ready.
import { spawn } from 'node:child_process';

export function startProcess(name, command, args, { env = {}, ready, quiet = false } = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const readyPromise = new Promise((resolve, reject) => {
    const onText = (chunk) => {
      const text = chunk.toString();
      seen = (seen + text).slice(-20_000);
      for (const line of text.split('\n').filter(Boolean)) {
        // Quiet processes log JSON (pino): show warnings (level 40) and worse only.
        const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 40);
        if (!quiet || level >= 40) console.log(`[${name}] ${line}`);
      }
      const match = ready ? ready.exec(seen) : null;
      if (match) resolve(match);
    };
    child.stdout.on('data', onText);
    child.stderr.on('data', onText);
    child.once('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before it was ready:\n${seen.slice(-2000)}`)),
    );
    if (!ready) resolve(null);
  });
  return { name, child, ready: readyPromise };
}

export function stopAll(processes) {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
}
