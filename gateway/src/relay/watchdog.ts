import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { errorText, type Logger } from '../logger';
import type { ListenerSupervisor } from './listener-supervisor';
import { connectSender, requestReply, SenderError } from './sender';

/** The query parameter value that routes a connection to the echo path (see connection-router). */
export const WATCHDOG_PROFILE = 'watchdog';

export interface WatchdogOptions {
  supervisor: ListenerSupervisor;
  /** Builds a sender URL carrying `profile=watchdog` and a probe id. */
  connectUrl(probeId: string): string;
  sendToken(): string;
  /** The outbound proxy's agent for a URL (undefined: direct). */
  agentFor?(url: string): Agent | undefined;
  intervalMs: number;
  timeoutMs: number;
  log: Logger;
}

/**
 * Proves the listener alive with traffic, not state: at each interval it connects to its own hybrid
 * connection as a sender and expects its probe echoed. A listener whose control channel is dead while
 * the process (and maybe the relay) thinks it is fine - the July 2026 "zombie listener" - misses the echo,
 * and we restart it. Probes run only while the supervisor believes it is listening; otherwise the
 * supervisor's own backoff is already at work.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running = false;
  lastEchoAt: number | undefined;
  probes = 0;
  misses = 0;

  constructor(private readonly opts: WatchdogOptions) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One probe now; resolves true when the echo came back. Exposed for `check` and tests. */
  async probe(): Promise<boolean> {
    const id = randomUUID();
    this.probes += 1;
    const started = Date.now();
    try {
      const url = this.opts.connectUrl(id);
      const ws = await connectSender(
        url,
        this.opts.sendToken(),
        this.opts.timeoutMs,
        this.opts.agentFor?.(url),
      );
      const remaining = Math.max(1, this.opts.timeoutMs - (Date.now() - started));
      const reply = await requestReply(ws, JSON.stringify({ probe: id }), remaining);
      if (reply !== JSON.stringify({ probe: id }))
        throw new SenderError('refused', 'echo did not match the probe');
      this.lastEchoAt = Date.now();
      return true;
    } catch (error) {
      this.onMiss(error);
      return false;
    }
  }

  private onMiss(error: unknown): void {
    this.misses += 1;
    const phase = error instanceof SenderError ? error.phase : 'connect';
    const fields = { phase: `watchdog.${phase}`, misses: this.misses, error: errorText(error) };
    if (phase === 'auth') {
      // The send key is wrong: the listener may be fine, and restarting it would not help.
      this.opts.log.error(fields, 'watchdog cannot authenticate as a sender; check relay.send');
      return;
    }
    if (phase === 'connect') {
      // The relay itself is unreachable; the supervisor sees that on the control channel too.
      this.opts.log.warn(fields, 'watchdog could not reach the relay');
      return;
    }
    if (this.opts.supervisor.state !== 'listening') return;
    this.opts.log.warn(fields, 'zombie listener: echo through the relay missed; restarting the listener');
    this.opts.supervisor.restart('zombie listener');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      if (this.opts.supervisor.state === 'listening') await this.probe();
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
