import type { ActionEnvelope, Reply } from 'modality-link-protocol';
import { countEvent } from '../monitoring/metrics';
import type { CommitQueue, ExpectedFrame } from './commit-queue';

export interface ActionContext {
  profile: string;
  workstationId: string | undefined;
}

/**
 * The one entry point every profile uses: echo and health are answered at once (they change nothing),
 * everything else goes through the group-commit queue. Replies come back in the order of the actions.
 */
export class ActionService {
  constructor(
    private readonly queue: CommitQueue,
    private readonly health: () => Promise<Record<string, unknown>>,
    /** `worklist.verify_item` (the rehearsal's own C-FIND); absent where there is no worklist. */
    private readonly verify?: (action: ActionEnvelope) => Promise<Reply>,
  ) {}

  /** Announces a received frame to the group commit (see `CommitQueue.expect`); pass it to `handle`. */
  expect(): ExpectedFrame {
    return this.queue.expect();
  }

  async handle(actions: ActionEnvelope[], ctx: ActionContext, expected?: ExpectedFrame): Promise<Reply[]> {
    const replies: Array<Reply | undefined> = new Array(actions.length);
    const stateful: Array<{ index: number; action: ActionEnvelope }> = [];
    const waits: Array<Promise<void>> = [];
    actions.forEach((action, index) => {
      countEvent('actions_received', { type: action.action_type });
      if (action.action_type === 'echo') {
        // Production echoes the whole request back; so do we.
        replies[index] = { status: 'echo', payload: action };
      } else if (action.action_type === 'health') {
        const health = this.health().then((h): Reply => ({
          status: 'ok',
          action_id: action.action_id,
          health: h,
        }));
        waits.push(answer(health, action, 'Health check failed', (reply) => (replies[index] = reply)));
      } else if (action.action_type === 'worklist.verify_item') {
        // A read, like health: nothing to commit, and a resend simply asks again.
        const verified = this.verify ? this.verify(action) : Promise.resolve(noVerifier(action));
        waits.push(answer(verified, action, 'Worklist check failed', (reply) => (replies[index] = reply)));
      } else {
        stateful.push({ index, action });
      }
    });
    if (stateful.length > 0) {
      waits.push(
        this.queue
          .submit(
            stateful.map(({ action }) => ({ action, ...ctx })),
            expected,
          )
          .then((committed) => {
            stateful.forEach(({ index }, i) => (replies[index] = committed[i]));
            for (const reply of committed) countEvent('actions_applied', { status: reply.status });
          }),
      );
    } else {
      // Nothing of this frame to commit (echo, health, reads): it no longer holds a commit back.
      expected?.done();
    }
    await Promise.all(waits);
    const sent: Reply[] = replies.map(
      (r, i) =>
        r ?? {
          status: 'error',
          action_id: actions[i]?.action_id,
          code: 'internal',
          message: 'No reply was produced.',
        },
    );
    for (const reply of sent) countEvent('replies', { status: reply.status });
    return sent;
  }
}

/** A read's reply, or an internal error naming what failed: a read never rejects the whole frame. */
function answer(
  reply: Promise<Reply>,
  action: ActionEnvelope,
  what: string,
  set: (reply: Reply) => void,
): Promise<void> {
  return reply.then(set, (error: unknown) =>
    set({
      status: 'error',
      action_id: action.action_id,
      code: 'internal',
      message: `${what}: ${String(error)}`,
    }),
  );
}

const noVerifier = (action: ActionEnvelope): Reply => ({
  status: 'error',
  action_id: action.action_id,
  code: 'unsupported',
  message: 'This gateway has no worklist to check.',
  retryable: false,
});
