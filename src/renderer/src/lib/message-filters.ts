import type { MessagePageInput } from '#shared/ipc/message-log';
import type { MessageSummary } from '#shared/ipc/views';
import { filledIn } from './filter-values';

/** The Messages filter form as typed: every field a string, empty meaning "any". */
export interface MessageFilterValues {
  status: string;
  type: string;
  gatewayId: string;
  from: string;
  to: string;
  search: string;
}

export type MessageFilterField = keyof MessageFilterValues;

export const NO_MESSAGE_FILTERS: MessageFilterValues = {
  status: '',
  type: '',
  gatewayId: '',
  from: '',
  to: '',
  search: '',
};

/** In the order the form shows them, which is the order of the error summary. */
export const MESSAGE_FILTER_FIELDS: readonly MessageFilterField[] = [
  'search',
  'status',
  'type',
  'gatewayId',
  'from',
  'to',
];

export const MESSAGE_FIELD_IDS: Record<MessageFilterField, string> = {
  search: 'messages-search',
  status: 'messages-status',
  type: 'messages-type',
  gatewayId: 'messages-gateway',
  from: 'messages-from',
  to: 'messages-to',
};

export function toMessageFilter(values: MessageFilterValues): MessagePageInput {
  return filledIn(values, MESSAGE_FILTER_FIELDS) as MessagePageInput;
}

/**
 * Whether a message pushed live belongs at the top of the first page. Filters the screen can check
 * itself (state, route, gateway, clinic) decide; with a search or a date range the screen cannot tell,
 * so it leaves new messages to the next load rather than show one that does not match.
 */
export function showsNewMessage(filter: MessagePageInput, message: MessageSummary): boolean {
  if (filter.search || filter.from || filter.to) return false;
  if (filter.status && message.status !== filter.status) return false;
  if (filter.type && message.type !== filter.type) return false;
  if (filter.clinicId && message.clinicId !== filter.clinicId) return false;
  return !filter.gatewayId;
}
