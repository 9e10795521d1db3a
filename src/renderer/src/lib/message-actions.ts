import type { MessageStatus } from '#shared/domain/message';
import type { MessageSummary } from '#shared/ipc/views';
import { formatDateTime } from './format';

/** Staff actions on one outbox message. Main enforces the same rules; these only decide what to offer. */
export type MessageAction = 'retryNow' | 'cancel';

const ALLOWED_FROM: Record<MessageAction, readonly MessageStatus[]> = {
  retryNow: ['retry_wait', 'failed', 'expired'],
  cancel: ['queued', 'retry_wait', 'failed', 'expired'],
};

const ORDER: readonly MessageAction[] = ['retryNow', 'cancel'];

export function availableMessageActions(status: MessageStatus): MessageAction[] {
  return ORDER.filter((action) => ALLOWED_FROM[action].includes(status));
}

type Subject = Pick<MessageSummary, 'type' | 'participantName' | 'createdAt'>;

/**
 * "WORKLIST message for Janet Thompson": the type code (what logs, the gateway and IT use) and the
 * participant, so a list of buttons still says which message each one acts on. A message with no
 * participant is named by when it was created instead.
 */
export function messageSubject(message: Subject): string {
  const name = message.participantName?.trim();
  return name
    ? `${message.type} message for ${name}`
    : `${message.type} message created ${formatDateTime(message.createdAt)}`;
}

export interface MessageActionText {
  label: string;
  accessibleName: (message: Subject) => string;
  /** Announced in the live region after success. */
  done: (message: Subject) => string;
  /** Starts the error summary line; main's message follows. */
  failure: string;
}

export const MESSAGE_ACTION_TEXT: Record<MessageAction, MessageActionText> = {
  retryNow: {
    label: 'Retry now',
    accessibleName: (message) => `Retry ${messageSubject(message)} now`,
    done: (message) => `${messageSubject(message)} will be sent again now`,
    failure: 'Cannot retry',
  },
  cancel: {
    label: 'Cancel',
    accessibleName: (message) => `Cancel ${messageSubject(message)}`,
    done: (message) => `${messageSubject(message)} cancelled`,
    failure: 'Cannot cancel',
  },
};
