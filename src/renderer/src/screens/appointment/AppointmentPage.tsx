import { useCallback, useId, useRef } from 'react';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import type { AppointmentDetail, AppointmentView, ClinicSummary, MessageSummary } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { AppointmentStatusTags } from '../../components/AppointmentStatusTags';
import { BackLink } from '../../components/BackLink';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LiveAnnouncer } from '../../components/LiveAnnouncer';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { SummaryRow } from '../../components/SummaryRow';
import { useApiEvent } from '../../hooks/use-api-event';
import { useAlertClock } from '../../hooks/use-alert-clock';
import { useAppointmentActions } from '../../hooks/use-appointment-actions';
import { useDebouncedCallback } from '../../hooks/use-debounced-callback';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useGateway } from '../../hooks/use-gateway';
import { useMessageActions } from '../../hooks/use-message-actions';
import { useRemote } from '../../hooks/use-remote';
import { shownAlerts } from '../../lib/delivery-alerts';
import { formatDate, formatDateOfBirth, formatDateTime, participantName } from '../../lib/format';
import type { MessageAction } from '../../lib/message-actions';
import { mergeAppointment, mergeMessage } from '../../lib/merge';
import { outcomeRecording, type RowAction } from '../../lib/staff-actions';
import { routeHref } from '../../routing/route';
import { AppointmentActions } from './AppointmentActions';
import { ClinicModeNotice } from '../clinics/ClinicModeNotice';
import { DeliveryAlertCallout } from './DeliveryAlertCallout';
import { ImageGallery } from './ImageGallery';
import { MessageTable } from '../messages/MessageTable';
import { Timeline } from './Timeline';

const GATEWAY_DOWN_ADVICE =
  "If this participant's procedure has finished while the gateway was offline, you can record the outcome by hand.";

/**
 * One appointment: who, when and where; what the modality sent back (image thumbnails); what
 * happened, in order; and its outbox messages. Live: any change to the appointment or its messages
 * refetches the whole story (debounced), since one gateway event can add an image, a timeline entry
 * and a new state at once.
 */
export function AppointmentPage({ appointmentId }: { appointmentId: string }) {
  const api = useApi();
  const { remote, update, reload } = useRemote(() => api.appointments.get({ appointmentId }));
  const detail = remote.status === 'ready' ? remote.data : null;
  const name = detail ? participantName(detail.appointment.participant) : null;
  useDocumentTitle(name ?? 'Appointment');

  const refetch = useDebouncedCallback(reload, 300);
  const now = useAlertClock(detail ? [detail.appointment] : null);

  // Show a new state or message status at once; the refetch then brings the timeline and images.
  const applyAppointment = useCallback(
    (changed: AppointmentView) => {
      if (changed.id !== appointmentId) return;
      update((current: AppointmentDetail) => {
        const [appointment] = mergeAppointment([current.appointment], changed);
        return appointment ? { ...current, appointment } : current;
      });
      refetch();
    },
    [appointmentId, update, refetch],
  );
  const applyMessage = useCallback(
    (changed: MessageSummary) => {
      if (changed.appointmentId !== appointmentId) return;
      update((current: AppointmentDetail) => ({
        ...current,
        messages: mergeMessage(current.messages, changed),
      }));
      refetch();
    },
    [appointmentId, update, refetch],
  );
  const applyClinic = useCallback(
    (clinic: ClinicSummary) => {
      update((current: AppointmentDetail) =>
        clinic.id === current.clinic.id ? { ...current, clinic } : current,
      );
    },
    [update],
  );
  useApiEvent('appointment.changed', applyAppointment);
  useApiEvent('message.changed', applyMessage);
  useApiEvent('clinic.changed', applyClinic);

  const gateway = useGateway(detail?.clinic.gatewayId ?? null);
  const recording = detail ? outcomeRecording(detail.clinic, gateway) : 'off';

  const appointmentActions = useAppointmentActions(applyAppointment, reload);
  const messageActions = useMessageActions(applyMessage, reload);
  // One error summary: whichever kind of action last went wrong.
  const { run: runAppointment, clearFailure: clearAppointmentFailure } = appointmentActions;
  const { run: runMessage, clearFailure: clearMessageFailure } = messageActions;
  const onAppointmentAction = useCallback(
    (action: RowAction, appointment: AppointmentView) => {
      clearMessageFailure();
      void runAppointment(action, appointment);
    },
    [clearMessageFailure, runAppointment],
  );
  const onMessageAction = useCallback(
    (action: MessageAction, message: MessageSummary) => {
      clearAppointmentFailure();
      void runMessage(action, message);
    },
    [clearAppointmentFailure, runMessage],
  );
  const failure = appointmentActions.failure
    ? { message: appointmentActions.failure.message, description: appointmentActions.failure.participant }
    : messageActions.failure
      ? { message: messageActions.failure.message, description: messageActions.failure.subject }
      : null;

  const heading = useRef<HTMLHeadingElement>(null);
  const imagesHeading = useId();
  const timelineHeading = useId();
  const messagesHeading = useId();

  const backLink = detail ? (
    <BackLink href={routeHref({ name: 'clinic', clinicId: detail.clinic.id })}>
      {`Back to ${detail.clinic.name}`}
    </BackLink>
  ) : (
    <BackLink href={routeHref({ name: 'clinics' })}>Back to clinic list</BackLink>
  );

  return (
    <>
      {backLink}
      {remote.status === 'failed' ? (
        <LoadFailure what="this appointment" error={remote.error} onRetry={reload} />
      ) : null}
      {failure ? <ErrorSummary items={[failure.message]} description={failure.description} /> : null}
      {detail ? <span className="nhsuk-caption-l">Appointment</span> : null}
      {/* Focusable so keyboard users land here when the last action goes (an outcome was recorded). */}
      <h1 ref={heading} tabIndex={-1} className="app-focus-target">
        {name ?? 'Appointment'}
      </h1>
      {remote.status === 'loading' ? <Loading what="the appointment" /> : null}
      {detail ? (
        <>
          <ClinicModeNotice recording={recording} gateway={gateway} gatewayDownAdvice={GATEWAY_DOWN_ADVICE} />
          <DeliveryAlertCallout alerts={shownAlerts(detail.appointment, now)} />
          <AppointmentActions
            appointment={detail.appointment}
            recording={recording}
            busy={appointmentActions.busyIds.has(detail.appointment.id)}
            onAction={onAppointmentAction}
            fallbackFocus={heading}
            className="app-page-actions"
          />
          <AppointmentSummary detail={detail} />

          <section className="app-section" aria-labelledby={imagesHeading}>
            <h2 id={imagesHeading}>Images</h2>
            <ImageGallery
              images={detail.images}
              clinicDate={detail.clinic.date}
              timeZone={detail.clinic.timeZone}
            />
          </section>

          <section className="app-section" aria-labelledby={timelineHeading}>
            <h2 id={timelineHeading}>Timeline</h2>
            <Timeline
              entries={detail.timeline}
              clinicDate={detail.clinic.date}
              timeZone={detail.clinic.timeZone}
            />
          </section>

          <section className="app-section" aria-labelledby={messagesHeading}>
            <h2 id={messagesHeading}>Messages</h2>
            <MessageTable
              messages={detail.messages}
              busyIds={messageActions.busyIds}
              onAction={onMessageAction}
              caption={`Messages for ${name ?? 'this appointment'}, newest first`}
              showParticipant={false}
            />
          </section>
        </>
      ) : null}
      <LiveAnnouncer announcement={appointmentActions.announcement} />
      <LiveAnnouncer announcement={messageActions.announcement} />
    </>
  );
}

function AppointmentSummary({ detail }: { detail: AppointmentDetail }) {
  const { appointment, clinic } = detail;
  const { participant } = appointment;
  return (
    <dl className="nhsuk-summary-list">
      <SummaryRow label="NHS number">{formatNhsNumber(participant.nhsNumber)}</SummaryRow>
      <SummaryRow label="Date of birth">{formatDateOfBirth(participant.dateOfBirth)}</SummaryRow>
      <SummaryRow label="Appointment">{formatDateTime(appointment.startsAt, clinic.timeZone)}</SummaryRow>
      <SummaryRow label="Status">
        <AppointmentStatusTags appointment={appointment} />
      </SummaryRow>
      <SummaryRow label="Accession number">
        {appointment.accessionNumber ?? 'Not given yet (it is given when sent to the modality)'}
      </SummaryRow>
      <SummaryRow label="Clinic">
        <a href={routeHref({ name: 'clinic', clinicId: clinic.id })}>{clinic.name}</a>
        <span className="app-hint">
          {formatDate(clinic.date)} at {clinic.location}
        </span>
      </SummaryRow>
    </dl>
  );
}
