import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hyco, { type LegacySocket } from 'hyco-ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  importSigningKey,
  signFrame,
  type ActionEnvelope,
  type ActionsFrame,
  type HelloFrame,
  type SigningKey,
} from 'modality-link-protocol';
import { openGatewayDb } from '../db/open';
import { ActionService } from '../inbox/action-service';
import { createActionApplier } from '../inbox/action-applier';
import { CommitQueue, QUIET_MS } from '../inbox/commit-queue';
import { EventOutbox } from '../inbox/event-outbox';
import { InboxStore } from '../inbox/inbox-store';
import { silentLogger } from '../logger';
import { worklistStore } from '../worklist/binding';
import { ModalityLinkSession } from './modality-link-session';
import { SessionRegistry } from './session-registry';
import { SessionSocket } from './session-socket';
import { TrustStore } from './trust-store';

/**
 * When the group commit runs (ADR 0032), with real sessions, signatures, the real commit queue and a
 * real SQLite file (synchronous=FULL). The workstation's socket is an in-memory stand-in for hyco-ws's
 * ws 1.x socket, which emits one `message` per frame, synchronously, for all frames of one socket read:
 * emitting several in one synchronous run is exactly "received together", which a real relay cannot
 * produce on demand.
 */

/** What the session sends, parsed, and a way to wait for a frame of a kind. */
class MemorySocket extends EventEmitter {
  readonly readyState = hyco.OPEN;
  readonly sent: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];

  send(text: string, _options: unknown, callback?: (error?: Error) => void): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
    for (const wake of this.waiters.splice(0)) wake();
    callback?.();
  }

  close(): void {
    this.emit('close');
  }

  terminate(): void {
    this.close();
  }

  receive(frame: unknown): void {
    this.emit('message', JSON.stringify(frame), {});
  }

  async next(kind: string, count = 1): Promise<Array<Record<string, unknown>>> {
    for (;;) {
      const found = this.sent.filter((f) => f.kind === kind);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

const opened: ModalityLinkSession[] = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.close();
});

async function gateway() {
  const db = openGatewayDb(mkdtempSync(join(tmpdir(), 'ml-commit-turn-')));
  const order: string[] = [];
  // The queue's clock, moved only by the test: "how long since the last commit" is then exact.
  let now = 0;
  const queue = new CommitQueue(
    db,
    createActionApplier({ inbox: new InboxStore(db), worklist: worklistStore, isAllowed: () => true }),
    silentLogger(),
    () => order.push('committed'),
    () => now,
  );
  const quietSpell = (): void => void (now += QUIET_MS);
  const actions = new ActionService(queue, () => Promise.resolve({}));
  const workstations = await Promise.all([0, 1, 2].map(() => generateSigningKeyPair()));
  const trust = await TrustStore.from(
    workstations.map((pair, i) => ({ name: `ws-${i}`, id: `ws-${i}`, public_key: pair.publicKey })),
  );
  const deps = {
    gatewayId: 'gw-test',
    signingKey: await importSigningKey(await generateSigningKeyPair()),
    trust,
    actions,
    outbox: new EventOutbox(db),
    registry: new SessionRegistry(),
    window: 4096,
    eventResendMs: 30_000,
    log: silentLogger(),
  };

  /** A session through its signed hello, ready for actions frames. */
  async function open(n: number): Promise<{ socket: MemorySocket; key: SigningKey }> {
    const socket = new MemorySocket();
    const session = new ModalityLinkSession(
      new SessionSocket(socket as unknown as LegacySocket, silentLogger()),
      deps,
      `ws-${n}`,
    );
    opened.push(session);
    session.start();
    const key = await importSigningKey(workstations[n]!);
    const [challenge] = await socket.next('challenge');
    socket.receive(
      await signFrame<HelloFrame>(
        {
          kind: 'hello',
          protocol: 'modality-link',
          versions: [1],
          workstation_id: `ws-${n}`,
          nonce: randomUUID(),
          challenge: challenge!.challenge as string,
          timestamp: new Date().toISOString(),
        },
        key,
      ),
    );
    await socket.next('hello_ok');
    return { socket, key };
  }
  return { queue, order, open, quietSpell };
}

let accession = 0;
const create = (): ActionEnvelope => ({
  schema_version: 1,
  action_id: `turn-${(accession += 1)}`,
  action_type: 'worklist.create_item',
  timestamp: new Date().toISOString(),
  source_system: 'test',
  parameters: {
    worklist_item: {
      accession_number: `TURN${String(accession).padStart(6, '0')}`,
      participant: { nhs_number: '9990001112', name: 'SMITH^JANE', birth_date: '19700101', sex: 'F' },
      scheduled: { date: '20260102', time: '093000' },
      procedure: { modality: 'MG', study_description: 'Screening mammography' },
    },
  },
});

const actionsFrame = (key: SigningKey, actions: ActionEnvelope[]): Promise<ActionsFrame> =>
  signFrame<ActionsFrame>(
    { kind: 'actions', frame_id: `f-${actions[0]!.action_id}`, timestamp: new Date().toISOString(), actions },
    key,
  );

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The statuses of every reply the socket was sent. */
const statuses = (socket: MemorySocket): unknown[] =>
  socket.sent
    .filter((f) => f.kind === 'replies')
    .flatMap((f) => (f.replies as Array<{ reply: { status: string } }>).map((r) => r.reply.status));

describe('group commit turn', () => {
  it('commits a lone frame (a send of three actions) in its own turn, and replies after the commit', async () => {
    const { order, open } = await gateway();
    const { socket, key } = await open(0);
    const frame = await actionsFrame(key, [create(), create(), create()]);
    await nextTurn(); // nothing from the hello is still on its way
    order.length = 0;
    void socket.next('replies').then(() => order.push('replied'));
    setImmediate(() => order.push('next turn'));
    socket.receive(frame);
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['committed', 'replied', 'next turn']);
    expect(statuses(socket)).toEqual(['created', 'created', 'created']);
  });

  it('shares one commit between frames received together: one session pipelining, and other sessions', async () => {
    const { queue, open } = await gateway();
    const sessions = await Promise.all([0, 1, 2].map((n) => open(n)));
    const frames = await Promise.all(
      sessions.map(async ({ key }, n) =>
        Promise.all(Array.from({ length: n === 0 ? 3 : 1 }, () => actionsFrame(key, [create(), create()]))),
      ),
    );
    await nextTurn();
    const before = queue.stats.commits;
    // One synchronous run, as ws 1.x emits the frames of one socket read (and as sessions' reads land).
    sessions.forEach(({ socket }, n) => frames[n]!.forEach((frame) => socket.receive(frame)));
    await Promise.all(sessions.map(({ socket }, n) => socket.next('replies', frames[n]!.length)));
    expect(queue.stats.commits - before).toBe(1);
    expect(sessions.flatMap(({ socket }) => statuses(socket))).toEqual(Array(10).fill('created'));
  });

  it('under load (a commit returned less than QUIET_MS ago) batches the next frames on the next turn', async () => {
    const { queue, order, open } = await gateway();
    const sessions = await Promise.all([0, 1, 2].map((n) => open(n)));
    const frames = await Promise.all(sessions.map(({ key }) => actionsFrame(key, [create()])));
    await nextTurn();
    const before = queue.stats.commits;
    order.length = 0;
    // Three callbacks of one phase of the loop, as three sessions' socket reads of one poll are.
    sessions.forEach(({ socket }, n) =>
      setImmediate(() => {
        order.push(`received ${n}`);
        socket.receive(frames[n]);
      }),
    );
    await Promise.all(sessions.map(({ socket }) => socket.next('replies')));
    expect(order).toEqual(['received 0', 'committed', 'received 1', 'received 2', 'committed']);
    expect(queue.stats.commits - before).toBe(2);
  });

  it('commits a lone frame at once again once QUIET_MS passed without a commit', async () => {
    const { order, open, quietSpell } = await gateway();
    const sessions = await Promise.all([0, 1, 2].map((n) => open(n)));
    const frames = await Promise.all(sessions.map(({ key }) => actionsFrame(key, [create()])));
    const receiveAlone = async (n: number): Promise<void> => {
      order.push(`received ${n}`);
      setImmediate(() => order.push(`turn after ${n}`));
      sessions[n]!.socket.receive(frames[n]);
      await sessions[n]!.socket.next('replies');
      await nextTurn();
    };
    await nextTurn();
    order.length = 0;
    await receiveAlone(0);
    await receiveAlone(1); // within QUIET_MS of the first commit: it waits the turn
    quietSpell();
    await receiveAlone(2);
    expect(order).toEqual([
      ...['received 0', 'committed', 'turn after 0'],
      ...['received 1', 'turn after 1', 'committed'],
      ...['received 2', 'committed', 'turn after 2'],
    ]);
  });

  it('does not hold a commit back for frames that commit nothing: a refused signature, an echo', async () => {
    const { order, open } = await gateway();
    const { socket, key } = await open(0);
    const good = await actionsFrame(key, [create()]);
    const tampered = { ...(await actionsFrame(key, [create()])), frame_id: 'f-tampered' };
    const echo = await signFrame<ActionsFrame>(
      {
        kind: 'actions',
        frame_id: 'f-echo',
        timestamp: new Date().toISOString(),
        actions: [{ ...create(), action_type: 'echo', parameters: {} }],
      },
      key,
    );
    await nextTurn();
    order.length = 0;
    setImmediate(() => order.push('next turn'));
    // The good frame submits while the other two are still on their way; they settle without a submit.
    socket.receive(good);
    socket.receive(tampered);
    socket.receive(echo);
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['committed', 'next turn']);
    expect(socket.sent.find((f) => f.kind === 'error')).toMatchObject({
      code: 'bad_signature',
      ref: 'f-tampered',
    });
    expect(statuses(socket).sort()).toEqual(['created', 'echo']);
  });
});
