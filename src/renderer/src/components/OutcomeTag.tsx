import { OUTCOME_COLOURS, OUTCOME_LABELS, type MessageOutcome } from '../lib/labels';
import { Tag } from './Tag';

/** What the destination did with a message ("Delivered to destination"), as the gateway reported. */
export function OutcomeTag({ outcome, small = false }: { outcome: MessageOutcome; small?: boolean }) {
  return (
    <Tag colour={OUTCOME_COLOURS[outcome]} small={small}>
      {OUTCOME_LABELS[outcome]}
    </Tag>
  );
}
