import { randomUUID } from 'node:crypto';
import {
  type ActionsFrame,
  decodeSessionFrame,
  type EventAcksFrame,
  type EventsFrame,
  type GatewayEvent,
  type HelloFrame,
  type HelloOkFrame,
  markPhase,
  MAX_ACTIONS_PER_FRAME,
  newChallenge,
  phaseTraceOn,
  type ProtocolErrorCode,
  type RepliesFrame,
  signFrame,
  type SigningKey,
  verifySessionFrame,
} from 'modality-link-protocol';
import type { ActionService } from '../inbox/action-service';
import type { EventOutbox } from '../inbox/event-outbox';
import { errorText, type Logger } from '../logger';
import { eventBatches } from './event-batches';
import type { SessionSocket } from './session-socket';
import type { EventSink, SessionRegistry } from './session-registry';
import type { TrustStore } from './trust-store';
import { verifyFramesOnThisThread } from './verify-now';

export const SESSION_VERSION = 1;

export interface ModalityLinkDeps {
  gatewayId: string;
  signingKey: SigningKey;
  trust: TrustStore;
  actions: ActionService;
  outbox: EventOutbox;
  registry: SessionRegistry;
  /** Unreplied actions a session may have in flight; advertised in hello_ok. */
  window: number;
  eventResendMs: number;
  log: Logger;
}

/**
 * One `modality-link/1` session: a workstation's long-lived, pipelined, signed connection.
 * challenge (fresh, random, this connection's only) → hello → verify (enrolled key, signature, clock, and
 * that it signs this challenge, so a hello copied from another connection is refused) → signed hello_ok
 * echoing the nonce. Then each actions
 * frame is verified as it arrives (in parallel) but handed to the commit queue in arrival order, so a
 * create and a later status update of the same item never swap; its replies frame goes out only after
 * the group commit. Events are pushed signed and re-sent until the workstation acknowledges them.
 */
export class ModalityLinkSession implements EventSink {
  workstationId: string | undefined;
  private keyId: string | undefined;
  private state: 'hello' | 'ready' | 'closed' = 'hello';
  private inflight = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly sent = new Map<string, { event: GatewayEvent; at: number }>();
  private lastSeq = 0;
  private pumping = false;
  private pumpAgain = false;
  private resendTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  /** Sent as the first frame; the hello must sign it back (ADR 0012). */
  private readonly challenge = newChallenge();

  constructor(
    private readonly socket: SessionSocket,
    private readonly deps: ModalityLinkDeps,
    /** The `workstation` query parameter, if the sender gave one; it must match the hello. */
    private readonly claimedWorkstation: string | undefined,
  ) {
    this.log = deps.log.child({ profile: 'modality-link/1' });
    verifyFramesOnThisThread();
  }

  start(): void {
    this.socket.onText(
      (text) => this.onText(text),
      () => this.error('bad_frame', 'modality-link/1 frames are JSON text; binary frames are not accepted.'),
    );
    this.socket.onClose(() => this.onClosed());
    this.socket.sendJson({ kind: 'challenge', challenge: this.challenge });
  }

  close(code = 1001, reason = 'Gateway stopping'): void {
    this.socket.close(code, reason);
    this.onClosed();
  }

  private onText(text: string): void {
    const decoded = decodeSessionFrame(text);
    if (!decoded.ok) return this.error(decoded.code, decoded.message, decoded.ref);
    const frame = decoded.value;
    switch (frame.kind) {
      case 'hello':
        this.tail = this.tail
          .then(() => this.onHello(frame, decoded.raw))
          .catch((e: unknown) => this.internal(e));
        return;
      case 'actions':
        return this.onActions(frame, decoded.raw);
      case 'event_acks':
        return this.onAcks(frame);
      case 'error':
        this.log.warn(
          { workstationId: this.workstationId, code: frame.code, ref: frame.ref },
          'workstation reported an error',
        );
        return;
      default:
        return this.error('bad_frame', `A workstation does not send ${frame.kind} frames.`);
    }
  }

  private async onHello(frame: HelloFrame, raw: Record<string, unknown>): Promise<void> {
    if (this.state !== 'hello') return this.error('bad_frame', 'This session has already said hello.');
    if (!frame.versions.includes(SESSION_VERSION)) {
      return this.refuse(
        'unsupported_version',
        `This gateway speaks modality-link version ${SESSION_VERSION}; offered ${frame.versions.join(', ')}.`,
      );
    }
    const verdict = await verifySessionFrame(frame, raw, this.deps.trust, new Date());
    if (!verdict.ok) return this.refuse(verdict.code, verdict.message);
    // Checked after the signature: a validly signed hello for another challenge is a replay.
    if (frame.challenge === undefined) {
      return this.refuse(
        'challenge_required',
        "The hello must sign this connection's challenge (the gateway's first frame); update the app.",
      );
    }
    if (frame.challenge !== this.challenge) {
      return this.refuse(
        'replayed_hello',
        "The hello signs another connection's challenge: it was replayed or is stale. Open a new session.",
      );
    }
    const entry = this.deps.trust.entry(frame.key_id);
    if (entry?.workstationId !== undefined && entry.workstationId !== frame.workstation_id) {
      return this.refuse('unknown_key', `Key ${frame.key_id} is enrolled for another workstation.`);
    }
    if (this.claimedWorkstation !== undefined && this.claimedWorkstation !== frame.workstation_id) {
      return this.refuse('bad_frame', 'The hello names a different workstation than the connection address.');
    }
    if (this.state !== 'hello') return; // closed while verifying
    this.workstationId = frame.workstation_id;
    this.keyId = frame.key_id;
    const helloOk = await signFrame<HelloOkFrame>(
      {
        kind: 'hello_ok',
        version: SESSION_VERSION,
        gateway_id: this.deps.gatewayId,
        nonce: frame.nonce,
        window: this.deps.window,
        timestamp: new Date().toISOString(),
      },
      this.deps.signingKey,
    );
    if (this.state !== 'hello') return;
    this.state = 'ready';
    this.socket.sendJson(helloOk);
    this.log.info(
      { workstationId: this.workstationId, keyId: this.keyId, window: this.deps.window },
      'session open',
    );
    this.deps.registry.add(this);
    this.resendTimer = setInterval(() => this.resend(), Math.max(50, this.deps.eventResendMs));
    this.resendTimer.unref();
    this.pumpEvents();
  }

  private onActions(frame: ActionsFrame, raw: Record<string, unknown>): void {
    const count = frame.actions.length;
    if (this.inflight + count > this.deps.window) {
      return this.error(
        'not_ready',
        `More than ${this.deps.window} actions in flight; wait for replies and send again.`,
        frame.frame_id,
      );
    }
    this.inflight += count;
    if (phaseTraceOn()) for (const action of frame.actions) markPhase('gw.receive', action.action_id);
    // Told to the group commit now, so a commit of frames received with this one waits for it.
    const expected = this.deps.actions.expect();
    // Verify now (in parallel with earlier frames) but commit in arrival order.
    const verdict = verifySessionFrame(frame, raw, this.deps.trust, new Date());
    this.tail = this.tail
      .then(async () => {
        const release = (): void => {
          expected.done(); // already done if it was submitted; a refused frame must not hold commits back
          this.inflight -= count;
        };
        if (this.state !== 'ready') {
          release();
          return this.error(
            'not_ready',
            'Say hello and wait for hello_ok before sending actions.',
            frame.frame_id,
          );
        }
        const v = await verdict;
        if (!v.ok || frame.key_id !== this.keyId) {
          release();
          return v.ok
            ? this.error(
                'unknown_key',
                'Actions must be signed with the key that opened this session.',
                frame.frame_id,
              )
            : this.error(v.code, v.message, frame.frame_id);
        }
        if (phaseTraceOn()) for (const action of frame.actions) markPhase('gw.verified', action.action_id);
        // Not awaited: the next frame may join the same group commit.
        void this.deps.actions
          .handle(frame.actions, { profile: 'modality-link/1', workstationId: this.workstationId }, expected)
          .then((replies) => {
            if (phaseTraceOn())
              for (const action of frame.actions) markPhase('gw.committed', action.action_id);
            const out: RepliesFrame = {
              kind: 'replies',
              replies: frame.actions.map((a, i) => ({ action_id: a.action_id, reply: replies[i]! })),
            };
            this.socket.sendJson(out);
            if (phaseTraceOn()) for (const action of frame.actions) markPhase('gw.reply', action.action_id);
          })
          .catch((e: unknown) => this.internal(e, frame.frame_id))
          .finally(release);
      })
      .catch((e: unknown) => {
        expected.done();
        this.internal(e, frame.frame_id);
      });
  }

  private onAcks(frame: EventAcksFrame): void {
    if (this.state !== 'ready') return this.error('not_ready', 'Say hello first.');
    // Only events this session was sent: a workstation cannot settle another's events.
    const ids = frame.event_ids.filter((id) => this.sent.has(id));
    for (const id of ids) this.sent.delete(id);
    if (ids.length > 0) this.deps.outbox.ack(ids);
  }

  pumpEvents(): void {
    if (this.state !== 'ready') return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop()
      .catch((e: unknown) => this.internal(e))
      .finally(() => (this.pumping = false));
  }

  private async pumpLoop(): Promise<void> {
    do {
      this.pumpAgain = false;
      for (;;) {
        if (this.state !== 'ready' || !this.workstationId) return;
        const batch = this.deps.outbox.pendingFor(this.workstationId, this.lastSeq, MAX_ACTIONS_PER_FRAME);
        if (batch.length === 0) break;
        this.lastSeq = batch[batch.length - 1]!.seq;
        const fresh = batch.filter((e) => !this.sent.has(e.event.event_id)).map((e) => e.event);
        for (const frame of eventBatches(fresh)) await this.sendEvents(frame);
      }
    } while (this.pumpAgain);
  }

  /** Re-sends events still unacknowledged after the resend interval (the workstation may have missed them). */
  private resend(): void {
    const now = Date.now();
    const due: GatewayEvent[] = [];
    for (const [id, entry] of this.sent) {
      if (now - entry.at < this.deps.eventResendMs) continue;
      if (this.deps.outbox.isUnacked(id)) due.push(entry.event);
      else this.sent.delete(id);
    }
    for (const frame of eventBatches(due)) {
      void this.sendEvents(frame).catch((e: unknown) => this.internal(e));
    }
  }

  private async sendEvents(events: GatewayEvent[]): Promise<void> {
    const frame = await signFrame<EventsFrame>(
      { kind: 'events', frame_id: randomUUID(), timestamp: new Date().toISOString(), events },
      this.deps.signingKey,
    );
    const at = Date.now();
    for (const event of events) this.sent.set(event.event_id, { event, at });
    this.socket.sendJson(frame);
  }

  private refuse(code: ProtocolErrorCode, message: string): void {
    this.log.warn({ code, claimed: this.claimedWorkstation }, 'hello refused');
    this.error(code, message);
    this.close(1008, 'Hello refused');
  }

  private error(code: ProtocolErrorCode, message: string, ref?: string): void {
    this.log.info({ workstationId: this.workstationId, code, ref }, 'frame refused');
    this.socket.sendJson({ kind: 'error', code, message, ...(ref ? { ref } : {}) });
  }

  private internal(error: unknown, ref?: string): void {
    this.log.error({ workstationId: this.workstationId, error: errorText(error), ref }, 'session failure');
    this.error('internal', 'The gateway failed to handle this frame; send it again.', ref);
  }

  private onClosed(): void {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    clearInterval(this.resendTimer);
    this.deps.registry.remove(this);
    if (wasReady)
      this.log.info({ workstationId: this.workstationId, unackedEvents: this.sent.size }, 'session closed');
  }
}
