import type { WorkstationSession } from './clients';

/**
 * The `delivery.outcome` events for these action ids, gathered across pushed `events` frames and
 * acknowledged as they come (as the app does), keyed by action id.
 */
export async function outcomeEvents(
  session: WorkstationSession,
  ids: string[],
  timeoutMs = 15_000,
): Promise<Map<string, Record<string, unknown>>> {
  const want = new Set(ids);
  const got = new Map<string, Record<string, unknown>>();
  const deadline = Date.now() + timeoutMs;
  while (got.size < want.size) {
    const frame = await session.client.next<{ events: Array<Record<string, unknown>> }>(
      (f) =>
        f.kind === 'events' &&
        (f.events as Array<{ action_id?: string }>).some((e) => want.has(e.action_id ?? '')),
      Math.max(1, deadline - Date.now()),
    );
    for (const event of frame.events) {
      const id = event.action_id as string | undefined;
      if (id && want.has(id) && event.event_type === 'delivery.outcome') got.set(id, event);
    }
    session.client.send({ kind: 'event_acks', event_ids: frame.events.map((e) => e.event_id) });
  }
  return got;
}
