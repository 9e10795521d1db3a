import type { AppointmentView, GatewayView, MessageSummary } from '#shared/ipc/views';

/**
 * Merging pushed changes into what a screen already shows. An appointment can reach the screen
 * twice (the action's result and the change event) in either order, so it only replaces the one on
 * screen if it is at least as recent.
 */
export function isAtLeastAsRecent(candidate: string, current: string): boolean {
  return Date.parse(candidate) >= Date.parse(current);
}

/** Appointments stay in time order, as the clinic runs. */
export function mergeAppointment(
  list: readonly AppointmentView[],
  changed: AppointmentView,
): AppointmentView[] {
  const index = list.findIndex((item) => item.id === changed.id);
  if (index >= 0) {
    const current = list[index];
    if (current && !isAtLeastAsRecent(changed.updatedAt, current.updatedAt)) return [...list];
    return list.map((item, i) => (i === index ? changed : item));
  }
  return [...list, changed].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/**
 * Newest message first, as a log is read. An action's result and the pushed change race on separate
 * connections, so a copy replaces the one on screen only if it is at least as recent (a resend that
 * clears failure fields and resets counters is newer, so it still wins).
 */
export function mergeMessage(list: readonly MessageSummary[], changed: MessageSummary): MessageSummary[] {
  const current = list.find((item) => item.id === changed.id);
  if (current) {
    if (!isAtLeastAsRecent(changed.updatedAt, current.updatedAt)) return [...list];
    return list.map((item) => (item.id === changed.id ? changed : item));
  }
  return [changed, ...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/**
 * Gateways stay in name order, as main lists them. A `gateway.changed` event carries the whole view
 * (connection state and message counts) as of when it was sent, so the latest copy wins.
 */
export function mergeGateway(list: readonly GatewayView[], changed: GatewayView): GatewayView[] {
  if (list.some((item) => item.id === changed.id)) {
    return list.map((item) => (item.id === changed.id ? changed : item));
  }
  return [...list, changed].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
