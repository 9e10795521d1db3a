import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AppointmentView, ClinicDay, ClinicSummary } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { BackLink } from '../../components/BackLink';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LiveAnnouncer, type Announcement } from '../../components/LiveAnnouncer';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { useApiEvent } from '../../hooks/use-api-event';
import { useAppointmentActions } from '../../hooks/use-appointment-actions';
import { useAlertClock } from '../../hooks/use-alert-clock';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useGateway } from '../../hooks/use-gateway';
import { useManualModeSwitch } from '../../hooks/use-manual-mode-switch';
import { useRemote } from '../../hooks/use-remote';
import { formatDate } from '../../lib/format';
import { mergeAppointment } from '../../lib/merge';
import { outcomeRecording, type RowAction } from '../../lib/staff-actions';
import { routeHref } from '../../routing/route';
import { AppointmentTable } from './AppointmentTable';
import { ClinicModeNotice } from './ClinicModeNotice';
import { DeliveryAlertBanner } from './DeliveryAlertBanner';
import { ManualModeSwitch } from './ManualModeSwitch';
import { RehearsalPanel } from '../gateways/RehearsalPanel';
import { offersRehearsal } from '../../lib/rehearsal';

const GATEWAY_DOWN_ADVICE =
  'You can record the outcome by hand for participants already sent to the modality. To record every outcome by hand and stop sending, switch this clinic to manual mode.';

export function ClinicDayPage({ clinicId }: { clinicId: string }) {
  const api = useApi();
  const { remote, update, reload } = useRemote(() => api.clinics.get({ clinicId }));
  const day = remote.status === 'ready' ? remote.data : null;
  useDocumentTitle(day ? `${day.clinic.name}, ${formatDate(day.clinic.date)}` : 'Clinic');

  const applyChange = useCallback(
    (changed: AppointmentView) => {
      if (changed.clinicId !== clinicId) return;
      update((current: ClinicDay) => ({
        ...current,
        appointments: mergeAppointment(current.appointments, changed),
      }));
    },
    [clinicId, update],
  );
  // Main re-sends an appointment whenever its messages change, so its message tag stays current too.
  useApiEvent('appointment.changed', applyChange);

  // Manual mode can be switched from any workstation; main announces it to every screen.
  const applyClinic = useCallback(
    (clinic: ClinicSummary) => {
      if (clinic.id !== clinicId) return;
      update((current: ClinicDay) => ({ ...current, clinic }));
    },
    [clinicId, update],
  );
  useApiEvent('clinic.changed', applyClinic);

  const gateway = useGateway(day?.clinic.gatewayId ?? null);
  const recording = day ? outcomeRecording(day.clinic, gateway) : 'off';

  const actions = useAppointmentActions(applyChange, reload);
  const manualSwitch = useManualModeSwitch(day?.clinic ?? null, applyClinic, reload);
  // One error summary: whichever of the two last went wrong.
  const { clearFailure: clearActionFailure, run: runAction } = actions;
  const { clearFailure: clearSwitchFailure } = manualSwitch;
  const run = useCallback(
    (action: RowAction, appointment: AppointmentView) => {
      clearSwitchFailure();
      void runAction(action, appointment);
    },
    [clearSwitchFailure, runAction],
  );
  const switchState = {
    ...manualSwitch,
    request: () => {
      clearActionFailure();
      manualSwitch.request();
    },
  };
  const failure = manualSwitch.failure
    ? { message: manualSwitch.failure, description: undefined }
    : actions.failure
      ? { message: actions.failure.message, description: actions.failure.participant }
      : null;

  const modeAnnouncement = useModeAnnouncement(day?.clinic.manualMode);
  const now = useAlertClock(day?.appointments ?? null);
  const sectionHeading = useId();

  return (
    <>
      <BackLink href={routeHref({ name: 'clinics' })}>Back to clinic list</BackLink>
      {failure ? <ErrorSummary items={[failure.message]} description={failure.description} /> : null}
      {remote.status === 'loading' ? (
        <>
          <h1>Clinic</h1>
          <Loading what="the clinic" />
        </>
      ) : null}
      {remote.status === 'failed' ? (
        <>
          <LoadFailure what="this clinic" error={remote.error} onRetry={reload} />
          <h1>Clinic</h1>
        </>
      ) : null}
      {day ? (
        <>
          <span className="nhsuk-caption-l">{day.clinic.providerName}</span>
          <h1>{day.clinic.name}</h1>
          <p className="nhsuk-body-l">
            {formatDate(day.clinic.date)} at {day.clinic.location}
          </p>
          <ClinicModeNotice recording={recording} gateway={gateway} gatewayDownAdvice={GATEWAY_DOWN_ADVICE}>
            <ManualModeSwitch
              manualMode={day.clinic.manualMode}
              clinicName={day.clinic.name}
              state={switchState}
            />
          </ClinicModeNotice>
          <DeliveryAlertBanner appointments={day.appointments} now={now} />
          {gateway && offersRehearsal(day.appointments, now) ? (
            <RehearsalPanel
              gatewayId={gateway.id}
              gatewayName={gateway.name}
              clinicId={clinicId}
              headingLevel="h2"
            />
          ) : null}
          <AppointmentTable
            day={day}
            recording={recording}
            busyIds={actions.busyIds}
            onAction={run}
            now={now}
          />
          <p className="nhsuk-body">
            <a href={routeHref({ name: 'messages', clinicId })}>View the message log for this clinic</a>
          </p>
          {recording === 'off' ? (
            <section className="app-manual-mode" aria-labelledby={sectionHeading}>
              <h2 className="nhsuk-heading-m" id={sectionHeading}>
                Manual mode
              </h2>
              <p className="nhsuk-body">
                If the link to the modality stops working, switch this clinic to manual mode. Nothing is then
                sent to the modality from this clinic, and staff record each participant&apos;s outcome by
                hand.
              </p>
              <ManualModeSwitch
                manualMode={day.clinic.manualMode}
                clinicName={day.clinic.name}
                state={switchState}
              />
            </section>
          ) : null}
        </>
      ) : null}
      <LiveAnnouncer announcement={actions.announcement} />
      <LiveAnnouncer announcement={modeAnnouncement} />
    </>
  );
}

/**
 * Says when manual mode goes on or off, whoever switched it: the callout that appears is not a live
 * region, and a change made at another workstation would otherwise pass unnoticed.
 */
function useModeAnnouncement(manualMode: boolean | undefined): Announcement | null {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const previous = useRef(manualMode);
  useEffect(() => {
    const before = previous.current;
    previous.current = manualMode;
    if (before === undefined || manualMode === undefined || before === manualMode) return;
    const text = manualMode
      ? 'This clinic is now in manual mode. Nothing is sent to the modality; record outcomes by hand.'
      : 'Manual mode is off. Participants can be sent to the modality again.';
    setAnnouncement((last) => ({ text, id: (last?.id ?? 0) + 1 }));
  }, [manualMode]);
  return announcement;
}
