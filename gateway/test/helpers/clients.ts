import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { buildConnectUrl, createSasToken, parseRelayBase, resourceUriFor } from 'modality-link-relay';
import {
  importSigningKey,
  signFrame,
  type ActionEnvelope,
  type ActionsFrame,
  type ExportedKeyPair,
  type HelloFrame,
  type SigningKey,
} from 'modality-link-protocol';
import { ENTITY, SEND_RULE, type TestRelay } from './relay';

/** A raw sender (ws 8 with a SAS token header, as the desktop app's transport does) that queues frames. */
export class FrameClient {
  private readonly inbox: unknown[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      let value: unknown;
      try {
        value = JSON.parse(data.toString());
      } catch {
        value = { unparsable: data.toString() };
      }
      this.inbox.push(value);
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The next frame matching `match` (earlier non-matching frames stay queued). */
  async next<T = Record<string, unknown>>(
    match: (f: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((f) => match(f as Record<string, unknown>));
      if (i >= 0) return this.inbox.splice(i, 1)[0] as T;
      if (this.closed) throw new Error('connection closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  pending(): unknown[] {
    return [...this.inbox];
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export function sendToken(r: TestRelay): string {
  return createSasToken(resourceUriFor(parseRelayBase(r.relay.url), ENTITY), SEND_RULE, r.sendKey, 3600);
}

export function connectClient(r: TestRelay, query: Record<string, string> = {}): Promise<FrameClient> {
  const url = buildConnectUrl(parseRelayBase(r.relay.url), ENTITY, { query });
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { ServiceBusAuthorization: sendToken(r) } });
    ws.once('open', () => resolve(new FrameClient(ws)));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`connect refused: ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

/** One request, one reply (nhs-gateway/1 and poc-five). */
export async function oneShot(
  r: TestRelay,
  request: unknown,
  profile?: string,
): Promise<Record<string, unknown>> {
  const client = await connectClient(r, profile ? { profile } : {});
  client.send(request);
  const reply = await client.next();
  client.close();
  return reply;
}

export function action(
  type: ActionEnvelope['action_type'],
  parameters: Record<string, unknown> = {},
  id: string = randomUUID(),
): ActionEnvelope {
  return {
    schema_version: 1,
    action_id: id,
    action_type: type,
    timestamp: new Date().toISOString(),
    source_system: 'modality-link',
    parameters,
  };
}

export function worklistItem(accession: string): Record<string, unknown> {
  return {
    accession_number: accession,
    participant: { nhs_number: '9990001112', name: 'SMITH^JANE', birth_date: '19700101', sex: 'F' },
    scheduled: { date: '20260102', time: '093000' },
    procedure: { modality: 'MG', study_description: 'Screening mammography' },
  };
}

/** A workstation's modality-link/1 session. */
export class WorkstationSession {
  private constructor(
    readonly client: FrameClient,
    readonly key: SigningKey,
    readonly helloOk: Record<string, unknown>,
  ) {}

  static async open(
    r: TestRelay,
    pair: ExportedKeyPair,
    workstationId: string,
    helloOverrides: Partial<HelloFrame> = {},
  ): Promise<WorkstationSession> {
    const key = await importSigningKey(pair);
    const client = await connectClient(r, { profile: 'modality-link/1', workstation: workstationId });
    // The gateway's first frame: the challenge this connection's hello must sign.
    const { challenge } = await client.next<{ challenge: string }>((f) => f.kind === 'challenge');
    const hello = await signFrame<HelloFrame>(
      {
        kind: 'hello',
        protocol: 'modality-link',
        versions: [1],
        workstation_id: workstationId,
        nonce: randomUUID(),
        challenge,
        timestamp: new Date().toISOString(),
        ...helloOverrides,
      },
      key,
    );
    return WorkstationSession.greet(client, key, hello);
  }

  /** Sends a hello as given (e.g. one captured from another connection) and keeps the answer. */
  static async greet(client: FrameClient, key: SigningKey, hello: unknown): Promise<WorkstationSession> {
    client.send(hello);
    const first = await client.next();
    return new WorkstationSession(client, key, first);
  }

  async sendActions(actions: ActionEnvelope[], overrides: Partial<ActionsFrame> = {}): Promise<string> {
    const frameId = randomUUID();
    const frame = await signFrame<ActionsFrame>(
      { kind: 'actions', frame_id: frameId, timestamp: new Date().toISOString(), actions, ...overrides },
      this.key,
    );
    this.client.send(frame);
    return frameId;
  }

  /** Replies for these action ids, gathered across replies frames. */
  async replies(ids: string[], timeoutMs = 5000): Promise<Map<string, Record<string, unknown>>> {
    const want = new Set(ids);
    const got = new Map<string, Record<string, unknown>>();
    while (got.size < want.size) {
      const frame = await this.client.next<{
        replies: Array<{ action_id: string; reply: Record<string, unknown> }>;
      }>(
        (f) =>
          f.kind === 'replies' &&
          (f.replies as Array<{ action_id: string }>).some((r) => want.has(r.action_id)),
        timeoutMs,
      );
      for (const r of frame.replies) if (want.has(r.action_id)) got.set(r.action_id, r.reply);
    }
    return got;
  }

  close(): void {
    this.client.close();
  }
}
