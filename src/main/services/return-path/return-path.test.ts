import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from 'modality-link-protocol';
import { auditEvents, studyImages } from '../../db/schema';
import { createTestApp, FIRST_APPOINTMENT_ID, TODAY_CLINIC_ID } from '../../../../test-support/test-app';
import { getAppointmentDetail } from '../appointments/appointment-detail';
import { transitionAppointment } from '../appointments/appointments';
import { DomainError } from '../errors';
import { applyGatewayEvents } from '../gateways/gateway-events';
import { setManualMode } from '../appointments/manual-mode';
import { sendToModality } from '../appointments/send-to-modality';
import { getAppointmentView } from '../views';

// A 1×1 grey PNG: the smallest real thumbnail.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

function sent() {
  const app = createTestApp();
  transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'checkIn');
  const { appointment } = sendToModality(app.ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
  return { ...app, accession: appointment.accessionNumber! };
}

const image = (
  accession: string,
  id: string,
  laterality: 'L' | 'R',
  view: string,
  minute: number,
): GatewayEvent => ({
  event_id: `img-${id}`,
  event_type: 'study.image_received',
  timestamp: `2026-11-27T09:${String(minute).padStart(2, '0')}:00.000Z`,
  accession_number: accession,
  data: {
    sop_instance_uid: `1.2.826.0.1.3680043.10.1.${id}`,
    sop_class_uid: '1.2.840.10008.5.1.4.1.1.1.2',
    laterality,
    view,
    thumbnail: { mime: 'image/png', width: 1, height: 1, data: PNG },
    dose: { organ_dose_dgy: 0.012, kvp: 29 },
  },
});

describe('the return path in the app', () => {
  it('stores each image once, starts the procedure on the first, and completes on MPPS', () => {
    const { ctx, db, accession } = sent();
    const views: Array<['L' | 'R', string]> = [
      ['R', 'CC'],
      ['L', 'CC'],
      ['R', 'MLO'],
      ['L', 'MLO'],
    ];
    const events = views.map(([lat, view], i) => image(accession, String(i + 1), lat, view, 10 + i));
    expect(applyGatewayEvents(ctx, 'gateway-alpha', events.slice(0, 1))).toEqual(['img-1']);
    expect(getAppointmentView(db, FIRST_APPOINTMENT_ID).state).toBe('in_progress');
    // A replay of the first image and the other three: four images, not five.
    applyGatewayEvents(ctx, 'gateway-alpha', events);
    applyGatewayEvents(ctx, 'gateway-alpha', [
      {
        event_id: 'mpps-done',
        event_type: 'procedure.completed',
        timestamp: '2026-11-27T09:20:00.000Z',
        accession_number: accession,
        data: { source: 'mpps' },
      },
    ]);
    expect(db.select().from(studyImages).all()).toHaveLength(4);
    const detail = getAppointmentDetail(db, FIRST_APPOINTMENT_ID);
    expect(detail.appointment.state).toBe('complete');
    expect(detail.images.map((i) => i.label)).toEqual(['RCC', 'LCC', 'RMLO', 'LMLO']);
    expect(detail.images[0]!.thumbnail).toBe(`data:image/png;base64,${PNG}`);
    expect(detail.images[0]!.dose).toEqual({ organ_dose_dgy: 0.012, kvp: 29 });
    const titles = detail.timeline.map((t) => t.title);
    expect(titles.indexOf('Checked in')).toBeLessThan(titles.indexOf('Sent to modality'));
    expect(titles).toContain('Image received: LMLO');
    expect(titles.at(-1)).toBe('Procedure completed');
  });

  it('keeps an event for an appointment already finished by hand, without moving it', () => {
    const { ctx, db, accession } = sent();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'recordDiscontinued');
    applyGatewayEvents(ctx, 'gateway-alpha', [
      {
        event_id: 'late',
        event_type: 'procedure.completed',
        timestamp: '2026-11-27T09:30:00.000Z',
        accession_number: accession,
        data: { source: 'mpps' },
      },
    ]);
    expect(getAppointmentView(db, FIRST_APPOINTMENT_ID).state).toBe('discontinued');
    expect(
      db.$client.prepare("SELECT count(*) AS n FROM gateway_events WHERE event_id = 'late'").get(),
    ).toEqual({ n: 1 });
  });

  it('shows an image the gateway refused on the timeline, with its reason', () => {
    const { ctx, db, accession } = sent();
    applyGatewayEvents(ctx, 'gateway-alpha', [
      {
        event_id: 'bad',
        event_type: 'study.image_failed',
        timestamp: '2026-11-27T09:12:00.000Z',
        accession_number: accession,
        data: { reason: 'Missing PixelData' },
      },
    ]);
    const entry = getAppointmentDetail(db, FIRST_APPOINTMENT_ID).timeline.find((t) => t.kind === 'image');
    expect(entry).toMatchObject({
      title: 'An image was refused by the gateway',
      detail: 'Missing PixelData',
    });
  });
});

describe('manual mode', () => {
  it('stops orders still waiting to go out when the outcome is recorded by hand', () => {
    const { ctx, db } = sent();
    const recorded = transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'recordDiscontinued');
    expect(recorded.state).toBe('discontinued');
    const statuses = db.$client.prepare('SELECT status, last_error AS e FROM messages').all();
    expect(statuses).toEqual(Array(3).fill({ status: 'cancelled', e: 'Outcome recorded by hand' }));
  });

  it('refuses sending while on, lets staff record the outcome by hand, and audits both', () => {
    const app = createTestApp();
    transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    expect(setManualMode(app.ctx, TODAY_CLINIC_ID, true).manualMode).toBe(true);
    expect(() => sendToModality(app.ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(DomainError);
    expect(() => sendToModality(app.ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(/manual mode/);
    expect(transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'recordComplete').state).toBe('complete');
    const audit = app.db.select().from(auditEvents).all();
    expect(audit.map((a) => a.action)).toEqual([
      'appointment.checkIn',
      'clinic.manualModeOn',
      'appointment.recordComplete',
    ]);
    expect(JSON.parse(audit[2]!.details!)).toMatchObject({
      from: 'checked_in',
      to: 'complete',
      recordedBy: 'hand',
    });
    expect(getAppointmentDetail(app.db, FIRST_APPOINTMENT_ID).timeline.at(-1)).toMatchObject({
      kind: 'manual',
      title: 'Recorded as complete by hand',
    });
  });
});
