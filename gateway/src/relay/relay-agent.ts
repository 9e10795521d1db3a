import type { Agent } from 'node:http';
import { proxyAgent, type ProxyRule } from 'modality-link-relay';

/**
 * The agent for one relay connection (control channel, rendezvous, watchdog or `check` sender): a CONNECT
 * tunnel through the configured or environment proxy, or undefined for a direct connection. Decided per
 * URL because Azure's rendezvous addresses are on other hosts than the namespace, and NO_PROXY may differ.
 */
export function relayAgentFor(
  proxyFor: ((target: string) => ProxyRule | undefined) | undefined,
  tunnelTimeoutMs?: number,
): (url: string) => Agent | undefined {
  return (url) => {
    const rule = proxyFor?.(url);
    return rule ? proxyAgent(rule, url, tunnelTimeoutMs ? { tunnelTimeoutMs } : {}) : undefined;
  };
}
