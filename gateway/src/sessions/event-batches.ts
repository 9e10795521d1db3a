import { MAX_ACTIONS_PER_FRAME, MAX_FRAME_BYTES, type GatewayEvent } from 'modality-link-protocol';

/**
 * Splits events into frames the receiver will take: at most 256 events and, with image thumbnails of up
 * to ~60 kB each, at most `maxBytes` of JSON per frame, well under the 4 MiB frame limit (the rest is
 * the frame's envelope and signature). An event larger than the budget on its own still goes alone.
 */
export const EVENT_FRAME_BUDGET = Math.floor(MAX_FRAME_BYTES * 0.75);

export function eventBatches(
  events: readonly GatewayEvent[],
  maxBytes = EVENT_FRAME_BUDGET,
): GatewayEvent[][] {
  const batches: GatewayEvent[][] = [];
  let current: GatewayEvent[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = Buffer.byteLength(JSON.stringify(event)) + 1;
    if (current.length > 0 && (size + bytes > maxBytes || current.length >= MAX_ACTIONS_PER_FRAME)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(event);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
