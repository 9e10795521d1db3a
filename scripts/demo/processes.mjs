// Child processes of the demo, each with its output prefixed, and a wait for the line that says it is ready.
import { spawn } from 'node:child_process';
import net from 'node:net';

export function startProcess(name, command, args, { env = {}, ready, quiet = false } = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it reaches what it started too (tsx runs esbuild as a child).
    detached: process.platform !== 'win32',
  });
  // Settles when the process has exited and its pipes are closed: stopAll waits for this.
  const exited = new Promise((resolve) => child.once('close', resolve));
  let seen = '';
  const readyPromise = new Promise((resolve, reject) => {
    // These listeners stay attached until the child exits, so its output pipes are always drained: a
    // child blocked writing to a full (or, after we exit, closed) pipe never reaches its SIGTERM handler.
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
  // Nobody awaits `ready` once the demo is stopping; the rejection must not end the process early.
  readyPromise.catch(() => {});
  return { name, child, ready: readyPromise, exited };
}

const running = (child) => child.exitCode === null && child.signalCode === null;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signals the child's whole process group where it has one; false when nothing is left to signal. */
function signal(child, name) {
  try {
    if (process.platform === 'win32') return child.kill(name);
    process.kill(-child.pid, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to every child at once, then waits for each to exit; one still running after `graceMs` gets
 * SIGKILL. Then waits for what the children started (their process group) to be gone as well, so the
 * caller exits only when nothing of the demo is left.
 */
export async function stopAll(processes, { graceMs = 5_000 } = {}) {
  await Promise.all(
    processes.map(async ({ name, child, exited }) => {
      if (child.pid === undefined) return;
      signal(child, 'SIGTERM');
      let timer;
      const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      if ((await Promise.race([exited, late])) === 'late' && running(child)) {
        console.log(`start: ${name} did not stop within ${graceMs / 1000} s; killing it`);
        signal(child, 'SIGKILL');
        await exited;
      }
      clearTimeout(timer);
      // Signal 0 tests whether any process of the group is left; stragglers get the same grace, then
      // SIGKILL, and after twice that we stop waiting rather than hang on a process stuck in the kernel.
      for (let waited = 0; waited < 2 * graceMs && signal(child, 0); waited += 50) {
        if (waited >= graceMs) signal(child, 'SIGKILL');
        await sleep(50);
      }
    }),
  );
}

// Below the ephemeral ranges (Linux 32768–60999, Windows and macOS 49152–65535): a port the OS chose
// with listen(0) is one it also hands to outgoing connections, and on a busy machine one of those took
// the relay's port between our check and the app's bind.
const PORT_RANGE = { from: 20_000, to: 32_767 };

const canListen = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port nobody listens on now, outside the ephemeral range; `taken` ones are skipped so a set is distinct. */
export async function freePort(taken = []) {
  for (;;) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from + 1));
    if (!taken.includes(port) && (await canListen(port))) return port;
  }
}
