import type { Agent } from 'node:http';
import { proxyAgent, proxyForTarget, type ProxyRule } from 'modality-link-relay';

/**
 * The desktop app's outbound proxy for relay connections. Clinic PCs get their settings from the managed
 * estate (Intune/GPO environment variables), so it is read from the environment, not a screen:
 * `MODALITY_LINK_PROXY` (`http://[user:password@]host:port`, or `none` to ignore the system's proxy
 * variables), else `https_proxy`/`HTTPS_PROXY` (wss) or `http_proxy`/`HTTP_PROXY` (ws), minus `NO_PROXY`.
 */
export function relayProxyFor(url: string, env: NodeJS.ProcessEnv = process.env): ProxyRule | undefined {
  const explicit = env.MODALITY_LINK_PROXY?.trim();
  return proxyForTarget(url, explicit ? { url: explicit, source: 'MODALITY_LINK_PROXY' } : undefined, env);
}

/** The agent for one sender connection, or undefined to connect directly. */
export function relayAgentFor(
  url: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Agent | undefined {
  const rule = relayProxyFor(url, env);
  return rule ? proxyAgent(rule, url, { tunnelTimeoutMs: timeoutMs }) : undefined;
}
