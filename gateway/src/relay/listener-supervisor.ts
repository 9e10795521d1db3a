import hyco, { type LegacySocket, type RelayedServer } from 'hyco-ws';
import { fullJitterDelay, skipLegacyBufferCheck } from 'modality-link-protocol';
import { errorText, type Logger } from '../logger';
import { guardControlChannel } from './control-channel-guard';
import type { TokenProvider } from './tokens';

export type ListenerState = 'idle' | 'connecting' | 'listening' | 'backoff' | 'stopped';

export interface SupervisorOptions {
  listenUrl: string;
  token: TokenProvider;
  onConnection(socket: LegacySocket): void;
  log: Logger;
  backoff: { initialMs: number; maxMs: number };
  keepaliveMs: number;
  /**
   * How long a control-channel handshake may take. ws 1.x has no handshake timeout, so a path that
   * swallows traffic (the July 2026 private endpoint) would otherwise leave us "connecting" forever.
   */
  connectTimeoutMs?: number;
  /** For tests: how servers are made (defaults to hyco-ws). */
  create?: typeof hyco.createRelayedServer;
}

/**
 * Keeps one hyco-ws listener alive. hyco-ws on its own reconnects immediately on every failure (twice per
 * failure, no backoff) and never stops: against a down relay that is thousands of attempts a second. So on
 * any error or lost control channel we retire that server entirely (close, terminate, mark it closed so its
 * own loop stops) and make a new one after full-jitter exponential backoff, reset once listening again.
 * While listening we send unsolicited pongs on the control channel so idle-dropping middleboxes keep it.
 */
export class ListenerSupervisor {
  private server: RelayedServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly keepalive: NodeJS.Timeout;
  private failures = 0;
  state: ListenerState = 'idle';
  /** Control-channel connects started by us (hyco-ws's own retries are stopped before they can happen). */
  attempts = 0;
  restarts = 0;
  listeningSince: number | undefined;
  lastError: string | undefined;

  constructor(private readonly opts: SupervisorOptions) {
    this.keepalive = setInterval(() => this.pong(), opts.keepaliveMs);
    this.keepalive.unref();
  }

  start(): void {
    if (this.state !== 'idle') return;
    skipLegacyBufferCheck(); // before hyco-ws's first frame
    this.connect();
  }

  /** Throws the current listener away and starts over after backoff (the watchdog's remedy for a zombie). */
  restart(reason: string): void {
    if (this.state === 'stopped' || this.state === 'backoff') return;
    this.restarts += 1;
    this.opts.log.warn({ phase: 'listen', reason }, 'restarting listener');
    this.fail(reason);
  }

  stop(): void {
    this.state = 'stopped';
    clearTimeout(this.timer);
    clearInterval(this.keepalive);
    this.retire();
  }

  private connect(): void {
    this.timer = undefined;
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    this.attempts += 1;
    let server: RelayedServer;
    try {
      // clientTracking off: hyco-ws would otherwise close every open session when we retire a control channel,
      // and sessions are separate relay connections that survive it.
      server = (this.opts.create ?? hyco.createRelayedServer)({
        server: this.opts.listenUrl,
        token: this.opts.token,
        clientTracking: false,
      });
    } catch (error) {
      this.fail(errorText(error));
      return;
    }
    this.server = server;
    const connectTimer = setTimeout(() => {
      if (server === this.server && this.state === 'connecting')
        this.fail('control channel handshake timed out');
    }, this.opts.connectTimeoutMs ?? 30_000);
    connectTimer.unref();
    server.on('error', (event) => {
      if (server !== this.server) return;
      this.fail(typeof event?.message === 'string' ? event.message : 'control channel error');
    });
    server.on('listening', () => {
      clearTimeout(connectTimer);
      if (server !== this.server) return;
      this.onListening(server);
    });
    server.on('connection', (socket) => {
      try {
        this.opts.onConnection(socket);
      } catch (error) {
        this.opts.log.error({ phase: 'accept', error: errorText(error) }, 'connection handler failed');
        try {
          socket.terminate();
        } catch {
          // already gone
        }
      }
    });
  }

  private onListening(server: RelayedServer): void {
    this.state = 'listening';
    this.failures = 0;
    this.listeningSince = Date.now();
    this.lastError = undefined;
    this.opts.log.info({ phase: 'listen', attempts: this.attempts }, 'listener connected');
    const channel = server.controlChannel;
    if (!channel) return;
    guardControlChannel(channel, this.opts.log);
    // Take over hyco-ws's close handler: it would reconnect at once (and, on an open-then-close loop, forever).
    const hycoOnClose = channel.onclose;
    channel.onclose = (event) => {
      const mine = server === this.server && this.state !== 'stopped';
      server.closeRequested = true; // stops hyco-ws's reconnect; its handler still clears the renew timer
      try {
        hycoOnClose?.call(channel, event);
      } catch {
        // nothing to add
      }
      if (mine) this.fail(`control channel closed (${event?.code ?? 'no code'})`);
    };
  }

  private fail(reason: string): void {
    if (this.state === 'stopped') return;
    this.retire();
    this.failures += 1;
    this.lastError = reason;
    this.listeningSince = undefined;
    const delay = fullJitterDelay(this.failures, this.opts.backoff.initialMs, this.opts.backoff.maxMs);
    this.state = 'backoff';
    this.opts.log.warn(
      { phase: 'listen', reason, failures: this.failures, retryInMs: delay },
      'listener down',
    );
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private retire(): void {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeRequested = true;
    server.on('error', () => undefined); // late errors from a retired server must not crash us
    try {
      server.close(() => undefined);
    } catch {
      // a channel still connecting may refuse to close; terminate below
    }
    try {
      server.controlChannel?.terminate();
    } catch {
      // already gone
    }
  }

  private pong(): void {
    const channel = this.server?.controlChannel;
    if (this.state !== 'listening' || !channel || channel.readyState !== hyco.OPEN) return;
    try {
      channel.pong('', {}, true);
    } catch (error) {
      this.opts.log.debug({ error: errorText(error) }, 'keep-alive pong failed');
    }
  }
}
