import { relayedConnect } from 'hyco-ws';
import { buildConnectUrl, parseRelayBase, withToken } from 'modality-link-relay';
import { sendToken } from './clients';
import { ENTITY, type TestRelay } from './relay';

/**
 * A sender as the production cloud service connects: hyco-ws, the SAS token in the query
 * (`sb-hc-token`), no `profile` (so the gateway's default, nhs-gateway/1, or the one named here), one
 * text frame out, one reply back, then close. Resolves with the reply's text exactly as it came.
 */
export function sendLikeProduction(r: TestRelay, frame: string, profile?: string): Promise<string> {
  const url = buildConnectUrl(parseRelayBase(r.relay.url), ENTITY, profile ? { query: { profile } } : {});
  const socket = relayedConnect(withToken(url, sendToken(r)), null);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no reply within 10 s'));
    }, 10_000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(error));
    });
    socket.on('open', () => socket.send(frame));
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      resolve(String(data));
    });
  });
}
