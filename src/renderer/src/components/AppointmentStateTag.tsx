import { APPOINTMENT_STATE_LABELS, type AppointmentState } from '#shared/domain/appointment-state';
import { APPOINTMENT_STATE_COLOURS } from '../lib/labels';
import { Tag } from './Tag';

export function AppointmentStateTag({ state }: { state: AppointmentState }) {
  return <Tag colour={APPOINTMENT_STATE_COLOURS[state]}>{APPOINTMENT_STATE_LABELS[state]}</Tag>;
}
