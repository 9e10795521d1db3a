import { MESSAGE_STATUS_LABELS, type MessageStatus } from '#shared/domain/message';
import { MESSAGE_STATUS_COLOURS } from '../lib/labels';
import { Tag } from './Tag';

export function MessageStatusTag({ status, small = false }: { status: MessageStatus; small?: boolean }) {
  return (
    <Tag colour={MESSAGE_STATUS_COLOURS[status]} small={small}>
      {MESSAGE_STATUS_LABELS[status]}
    </Tag>
  );
}
