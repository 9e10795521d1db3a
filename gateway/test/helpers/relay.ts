import { randomBytes } from 'node:crypto';
import { startRelay, type LocalRelay } from 'modality-link-relay';

export const ENTITY = 'gateway';
export const LISTEN_RULE = 'gateway-listen';
export const SEND_RULE = 'gateway-send';

export interface TestRelay {
  relay: LocalRelay;
  listenKey: string;
  sendKey: string;
}

/** A local relay on 127.0.0.1:0 with one hybrid connection and separate listen and send rules. */
export async function startTestRelay(acceptTimeoutMs = 3000): Promise<TestRelay> {
  const listenKey = randomBytes(32).toString('base64');
  const sendKey = randomBytes(32).toString('base64');
  const relay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    entities: [ENTITY],
    rules: [
      { name: LISTEN_RULE, key: listenKey, rights: ['listen'], entity: ENTITY },
      { name: SEND_RULE, key: sendKey, rights: ['send'], entity: ENTITY },
    ],
    acceptTimeoutMs,
  });
  return { relay, listenKey, sendKey };
}
