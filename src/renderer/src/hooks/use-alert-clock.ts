import { useEffect, useState } from 'react';
import type { AppointmentView } from '#shared/ipc/views';
import { nextAlertDue } from '../lib/delivery-alerts';

/**
 * The time against which delivery alerts are judged, moved on when the next unconfirmed order becomes
 * overdue: the screen then says "Not on the worklist yet" by itself, without polling or a reload.
 */
export function useAlertClock(appointments: Pick<AppointmentView, 'deliveryAlerts'>[] | null): number {
  const [now, setNow] = useState(() => Date.now());
  const next = appointments ? nextAlertDue(appointments, now) : null;
  useEffect(() => {
    if (next === null) return;
    // Capped: timers overflow after about 24.8 days; a later moment re-arms at the first wake-up.
    const delay = Math.min(Math.max(0, next - Date.now()) + 50, 2 ** 31 - 1);
    const timer = setTimeout(() => setNow(Date.now()), delay);
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}
