import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { describeProxy, proxyForTarget, type ExplicitProxy, type ProxyRule } from './proxy-config.js';

/**
 * HTTP CONNECT tunnels through an outbound proxy, as `http.Agent`s. Both websocket libraries we use take an
 * `agent` option (ws 8 directly; ws 1.1.5 inside hyco-ws when we construct its sockets ourselves), and so
 * does `http.request` for the FHIR client: one mechanism for every outbound connection. Every connection is
 * tunnelled (plain ws/http too), so the proxy only ever sees the target's host and port, never a URL with
 * a relay token in its query string.
 */

export class ProxyError extends Error {
  override name = 'ProxyError';
  constructor(
    message: string,
    /** The proxy's answer to CONNECT, when it gave one (403 refused, 407 credentials). */
    readonly status?: number,
  ) {
    super(message);
  }
}

const DEFAULT_TUNNEL_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_HEAD = 16 * 1024;

function connectRequest(rule: ProxyRule, host: string, port: number): string {
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (rule.auth) {
    const basic = Buffer.from(`${rule.auth.username}:${rule.auth.password}`).toString('base64');
    lines.push(`Proxy-Authorization: Basic ${basic}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function refusal(rule: ProxyRule, status: number, reason: string): ProxyError {
  // 407 is the standard answer; some proxies (tinyproxy among them) say 401 to wrong credentials.
  const what =
    status === 407 || status === 401
      ? `refused the credentials (${status}): set the proxy user and password`
      : `refused the tunnel (${status} ${reason})`.trim();
  return new ProxyError(`proxy ${describeProxy(rule)} ${what}`, status);
}

/** Opens a TCP connection to `host:port` through the proxy; resolves once the proxy answered 200. */
export function openTunnel(
  rule: ProxyRule,
  host: string,
  port: number,
  timeoutMs = DEFAULT_TUNNEL_TIMEOUT_MS,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: rule.proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(rule.proxy.port || 80),
    });
    let head = Buffer.alloc(0);
    const fail = (error: ProxyError): void => {
      socket.removeAllListeners('data');
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new ProxyError(`proxy ${describeProxy(rule)} did not answer CONNECT within ${timeoutMs} ms`)),
    );
    socket.once('error', (error) =>
      fail(new ProxyError(`cannot reach proxy ${describeProxy(rule)}: ${error.message}`)),
    );
    socket.once('connect', () => socket.write(connectRequest(rule, host, port)));
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_RESPONSE_HEAD) fail(new ProxyError('proxy answer too long'));
        return;
      }
      socket.removeAllListeners('data');
      socket.removeAllListeners('error');
      socket.setTimeout(0);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
      const status = match ? Number(match[1]) : 0;
      if (status !== 200) {
        fail(refusal(rule, status, match?.[2] ?? statusLine.slice(0, 80)));
        return;
      }
      // Bytes after the proxy's answer already belong to the tunnelled protocol.
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    });
  });
}

type Created = (error: Error | null, socket?: Duplex) => void;

interface TunnelOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  servername?: string;
}

function targetOf(options: TunnelOptions, defaultPort: number): { host: string; port: number } {
  const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  return { host, port: Number(options.port || defaultPort) };
}

/** For ws:// and http:// targets: the tunnel socket is the connection. */
class TunnelAgent extends http.Agent {
  constructor(
    private readonly rule: ProxyRule,
    options: http.AgentOptions,
    private readonly timeoutMs?: number,
  ) {
    super(options);
  }

  override createConnection(options: TunnelOptions, created: Created): undefined {
    const { host, port } = targetOf(options, 80);
    openTunnel(this.rule, host, port, this.timeoutMs).then(
      (socket) => created(null, socket),
      (error: Error) => created(error),
    );
    return undefined;
  }
}

/** For wss:// and https:// targets: TLS with the real server, inside the tunnel, verified as usual. */
class TlsTunnelAgent extends https.Agent {
  constructor(
    private readonly rule: ProxyRule,
    options: https.AgentOptions,
    private readonly timeoutMs?: number,
  ) {
    super(options);
  }

  override createConnection(options: TunnelOptions & tls.ConnectionOptions, created: Created): undefined {
    const { host, port } = targetOf(options, 443);
    openTunnel(this.rule, host, port, this.timeoutMs).then(
      (socket) => {
        const {
          host: _h,
          port: _p,
          path: _path,
          ...tlsOptions
        } = options as tls.ConnectionOptions & {
          path?: string;
        };
        const servername = options.servername || (net.isIP(host) ? undefined : host);
        const secure = tls.connect({ ...tlsOptions, socket, ...(servername ? { servername } : {}) });
        created(null, secure);
      },
      (error: Error) => created(error),
    );
    return undefined;
  }
}

export interface ProxyAgentOptions {
  keepAlive?: boolean;
  /** Extra trusted CAs for the target's TLS (the FHIR destination's `ca_file`). */
  ca?: string | string[];
  tunnelTimeoutMs?: number;
}

/** An agent for connections to `target` (its scheme picks plain or TLS) through the proxy in `rule`. */
export function proxyAgent(
  rule: ProxyRule,
  target: string | URL,
  options: ProxyAgentOptions = {},
): http.Agent {
  const url = typeof target === 'string' ? new URL(target) : target;
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const keepAlive = options.keepAlive ?? false;
  return secure
    ? new TlsTunnelAgent(
        rule,
        { keepAlive, rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
        options.tunnelTimeoutMs,
      )
    : new TunnelAgent(rule, { keepAlive }, options.tunnelTimeoutMs);
}

/** The agent for `target` under the proxy settings, or undefined for a direct connection. */
export function agentForTarget(
  target: string | URL,
  explicit: ExplicitProxy | undefined,
  env: NodeJS.ProcessEnv = process.env,
  options: ProxyAgentOptions = {},
): http.Agent | undefined {
  const rule = proxyForTarget(target, explicit, env);
  return rule ? proxyAgent(rule, target, options) : undefined;
}
