import { createRelayedServer, type RelayedServer, type RelayedSocket } from 'hyco-ws';
import {
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  startRelay,
  type LocalRelay,
} from 'modality-link-relay';
export { generateSigningKeyPair } from 'modality-link-protocol';
import {
  type ActionEnvelope,
  decodeSessionFrame,
  type EventsFrame,
  type GatewayEvent,
  generateSigningKeyPair,
  type HelloOkFrame,
  importSigningKey,
  importVerifyKey,
  type KeyHandle,
  newChallenge,
  type Reply,
  signFrame,
  type SigningKey,
  verifySessionFrame,
} from 'modality-link-protocol';

/**
 * A gateway for dispatcher tests: the unmodified hyco-ws listener on the local relay, speaking each
 * profile's real wire format. It records every action id it receives (with repeats), deduplicates like
 * the real gateway, and has switches for the faults the dispatcher must survive.
 */
export interface TestGatewayBehaviour {
  /** Reply to nothing (the dispatcher should time out). */
  silent?: boolean;
  /** Close the connection after receiving this many actions, without replying to the last frame. */
  dropAfterActions?: number;
  /** Reply with an error to these action ids. */
  rejectIds?: Set<string>;
  /** Answer with this reply instead of the usual one (when it returns one): wrong ids, odd statuses. */
  replyWith?: (action: ActionEnvelope) => Reply | undefined;
}

export interface TestGateway {
  readonly received: string[];
  readonly unique: Set<string>;
  readonly publicKey: string;
  behaviour: TestGatewayBehaviour;
  sockets: Set<RelayedSocket>;
  /** Pushes signed events on every open modality-link session; resolves with the acked ids. */
  pushEvents(events: GatewayEvent[]): void;
  readonly ackedEvents: string[];
  /** modality-link sessions that completed the hello exchange and are still open. */
  openSessions(): number;
  /** How many hello exchanges have completed, reconnections included. */
  hellos: number;
  close(): Promise<void>;
}

export const LISTEN_KEY = 'bGlzdGVuLWtleS1mb3ItdGVzdHMtb25seS0wMDAwMDA=';
export const SEND_KEY = 'c2VuZC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMDAwMDA=';

export async function startTestRelay(entities: string[]): Promise<LocalRelay> {
  return startRelay({
    entities,
    rules: [
      { name: 'listen', key: LISTEN_KEY, rights: ['listen'] },
      { name: 'send', key: SEND_KEY, rights: ['send'] },
    ],
    acceptTimeoutMs: 5_000,
  });
}

export async function startTestGateway(options: {
  relay: LocalRelay;
  entity: string;
  workstationPublicKey?: string;
  behaviour?: TestGatewayBehaviour;
  /** Called with each frame's actions before the reply is sent: where a durable store commits them. */
  store?: (actions: ActionEnvelope[]) => void;
  /** The gateway's own key pair, when the test must enrol it before the gateway starts. */
  keyPair?: Awaited<ReturnType<typeof generateSigningKeyPair>>;
  /** Unsigned profiles turned on; like the real gateway, none by default (ADR 0012). */
  compatProfiles?: ReadonlyArray<'nhs-gateway/1' | 'poc-five'>;
}): Promise<TestGateway> {
  const pair = options.keyPair ?? (await generateSigningKeyPair());
  const signing: SigningKey = await importSigningKey(pair);
  const workstationKey: KeyHandle | undefined = options.workstationPublicKey
    ? await importVerifyKey(options.workstationPublicKey)
    : undefined;
  const base = parseRelayBase(options.relay.url);
  const server: RelayedServer = createRelayedServer({
    server: buildListenUrl(base, options.entity),
    token: () => createSasToken(resourceUriFor(base, options.entity), 'listen', LISTEN_KEY, 7200),
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.once('listening', resolve));

  const gateway: TestGateway = {
    received: [],
    unique: new Set(),
    publicKey: pair.publicKey,
    behaviour: options.behaviour ?? {},
    sockets: new Set(),
    ackedEvents: [],
    openSessions: () => sessions.size,
    hellos: 0,
    pushEvents: (events) => {
      void signFrame<EventsFrame>(
        { kind: 'events', frame_id: `ev-${Date.now()}`, timestamp: new Date().toISOString(), events },
        signing,
      ).then((frame) => {
        for (const socket of sessions) safeSend(socket, JSON.stringify(frame));
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const sessions = new Set<RelayedSocket>();
  /** Each modality-link connection's challenge, sent as its first frame (as the real gateway does). */
  const challenges = new WeakMap<RelayedSocket, string>();

  const replyFor = (action: ActionEnvelope): Reply => {
    const seen = gateway.unique.has(action.action_id);
    gateway.received.push(action.action_id);
    gateway.unique.add(action.action_id);
    if (gateway.behaviour.rejectIds?.has(action.action_id)) {
      return {
        status: 'error',
        message: 'Destination not allowed',
        action_id: action.action_id,
        code: 'not_allowed',
        retryable: false,
      };
    }
    const custom = gateway.behaviour.replyWith?.(action);
    if (custom) return custom;
    // As the real gateway and production do: the whole request comes back.
    if (action.action_type === 'echo') return { status: 'echo', payload: action };
    if (action.action_type === 'health') {
      return {
        status: 'ok',
        action_id: action.action_id,
        health: { healthy: true, version: 'test', checks: { inbox_depth: gateway.unique.size } },
      };
    }
    if (action.action_type === 'worklist.create_item')
      return { status: seen ? 'exists' : 'created', action_id: action.action_id };
    return { status: 'accepted', action_id: action.action_id };
  };

  server.on('connection', (socket) => {
    gateway.sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      gateway.sockets.delete(socket);
      sessions.delete(socket);
    });
    const profile = new URL(socket.url).searchParams.get('profile') ?? 'nhs-gateway/1';
    if (profile === 'modality-link/1') {
      const challenge = newChallenge();
      challenges.set(socket, challenge);
      socket.once('open', () => safeSend(socket, JSON.stringify({ kind: 'challenge', challenge })));
    }
    socket.on('message', (data) => {
      const text = typeof data === 'string' ? data : data.toString('utf8');
      if (profile === 'modality-link/1') void onSessionFrame(socket, text);
      else if (!(options.compatProfiles as readonly string[] | undefined)?.includes(profile)) {
        safeSend(
          socket,
          JSON.stringify({
            status: 'error',
            code: 'profile_disabled',
            retryable: false,
            message: `Profile ${profile} is turned off on this gateway.`,
          }),
        );
      } else if (!gateway.behaviour.silent) {
        const body = JSON.parse(text) as Record<string, unknown>;
        if (profile === 'poc-five') {
          options.store?.([{ action_id: String(body.message_id) } as ActionEnvelope]);
          gateway.received.push(String(body.message_id));
          gateway.unique.add(String(body.message_id));
          safeSend(socket, JSON.stringify({ status: 'processed', message_id: body.message_id }));
        } else {
          options.store?.([body as unknown as ActionEnvelope]);
          safeSend(socket, JSON.stringify(replyFor(body as unknown as ActionEnvelope)));
        }
      }
    });
  });

  async function onSessionFrame(socket: RelayedSocket, text: string) {
    const decoded = decodeSessionFrame(text);
    if (!decoded.ok)
      return safeSend(
        socket,
        JSON.stringify({ kind: 'error', code: decoded.code, message: decoded.message }),
      );
    const frame = decoded.value;
    const verified = await verifySessionFrame(frame, decoded.raw, { get: () => workstationKey }, new Date());
    if (!verified.ok)
      return safeSend(
        socket,
        JSON.stringify({
          kind: 'error',
          code: verified.code,
          message: verified.message,
          ref: 'frame_id' in frame ? frame.frame_id : undefined,
        }),
      );
    if (frame.kind === 'hello') {
      if (frame.challenge !== challenges.get(socket)) {
        const code = frame.challenge === undefined ? 'challenge_required' : 'replayed_hello';
        return safeSend(socket, JSON.stringify({ kind: 'error', code, message: `Hello refused: ${code}` }));
      }
      const ok = await signFrame<HelloOkFrame>(
        {
          kind: 'hello_ok',
          version: 1,
          gateway_id: 'test-gateway',
          nonce: frame.nonce,
          window: 1000,
          timestamp: new Date().toISOString(),
        },
        signing,
      );
      sessions.add(socket);
      gateway.hellos++;
      return safeSend(socket, JSON.stringify(ok));
    }
    if (frame.kind === 'event_acks') {
      gateway.ackedEvents.push(...frame.event_ids);
      return;
    }
    if (frame.kind !== 'actions') return;
    const limit = gateway.behaviour.dropAfterActions;
    if (limit !== undefined && gateway.received.length + frame.actions.length >= limit) {
      for (const action of frame.actions) gateway.received.push(action.action_id);
      return socket.terminate();
    }
    options.store?.(frame.actions);
    const replies = frame.actions.map((action) => ({ action_id: action.action_id, reply: replyFor(action) }));
    if (!gateway.behaviour.silent) safeSend(socket, JSON.stringify({ kind: 'replies', replies }));
  }

  return gateway;
}

/** ws 1.x throws from send() on a closed socket unless given a callback. */
function safeSend(socket: RelayedSocket, text: string): void {
  socket.send(text, () => {});
}
