import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, type GatewayEvent } from 'modality-link-protocol';
import { EVENT_FRAME_BUDGET, eventBatches } from './event-batches';

const event = (n: number, thumbnailChars = 0): GatewayEvent => ({
  event_id: `e-${n}`,
  event_type: 'study.image_received',
  timestamp: '2026-11-27T09:15:00.000Z',
  data: { thumbnail: { data: 'A'.repeat(thumbnailChars) } },
});

describe('eventBatches', () => {
  it('keeps a clinic’s worth of thumbnails under the frame limit, in order', () => {
    const events = Array.from({ length: 120 }, (_, i) => event(i, 60_000));
    const batches = eventBatches(events);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat().map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
    for (const batch of batches)
      expect(Buffer.byteLength(JSON.stringify({ kind: 'events', events: batch }))).toBeLessThan(
        MAX_FRAME_BYTES,
      );
    expect(EVENT_FRAME_BUDGET).toBeLessThan(MAX_FRAME_BYTES);
  });

  it('caps small events at 256 per frame and sends an oversized one alone', () => {
    expect(eventBatches(Array.from({ length: 600 }, (_, i) => event(i))).map((b) => b.length)).toEqual([
      256, 256, 88,
    ]);
    expect(eventBatches([event(1, 10), event(2, 500), event(3, 10)], 300).map((b) => b.length)).toEqual([
      1, 1, 1,
    ]);
    expect(eventBatches([])).toEqual([]);
  });
});
