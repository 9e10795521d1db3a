import { describe, expect, it } from 'vitest';
import type { AppointmentView, GatewayView, MessageSummary } from '#shared/ipc/views';
import { mergeAppointment, mergeGateway, mergeMessage } from './merge';

function appointment(
  id: string,
  startsAt: string,
  overrides: Partial<AppointmentView> = {},
): AppointmentView {
  return {
    id,
    clinicId: 'c1',
    startsAt,
    durationMinutes: 15,
    state: 'scheduled',
    accessionNumber: null,
    updatedAt: '2026-11-27T08:00:00Z',
    deliveryAlerts: [],
    participant: {
      id: `p-${id}`,
      familyName: 'Smith',
      givenName: 'Jane',
      nhsNumber: '9434765919',
      dateOfBirth: '1961-03-12',
      sex: 'female',
    },
    messageStatus: null,
    ...overrides,
  };
}

function message(id: string, createdAt: string, overrides: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    appointmentId: 'a1',
    clinicId: 'c1',
    participantName: 'Jane Smith',
    gatewayName: 'Alpha',
    type: 'WORKLIST',
    actionType: 'worklist.create_item',
    destination: 'mwl',
    status: 'queued',
    attempts: 0,
    createdAt,
    deliveredAt: null,
    confirmedAt: null,
    failedAt: null,
    nextAttemptAt: null,
    lastError: null,
    failingPhase: null,
    outcome: null,
    updatedAt: createdAt,
    ...overrides,
  };
}

describe('mergeAppointment', () => {
  const list = [appointment('a1', '2026-11-27T09:00:00Z'), appointment('a2', '2026-11-27T09:15:00Z')];

  it('replaces an appointment with a newer copy', () => {
    const changed = appointment('a2', '2026-11-27T09:15:00Z', {
      state: 'checked_in',
      updatedAt: '2026-11-27T09:01:00Z',
    });
    expect(mergeAppointment(list, changed).map((a) => a.state)).toEqual(['scheduled', 'checked_in']);
  });

  it('keeps the screen when a stale copy arrives late', () => {
    const current = [
      appointment('a1', '2026-11-27T09:00:00Z', {
        state: 'sent_to_modality',
        updatedAt: '2026-11-27T09:05:00Z',
      }),
    ];
    const stale = appointment('a1', '2026-11-27T09:00:00Z', {
      state: 'checked_in',
      updatedAt: '2026-11-27T09:01:00Z',
    });
    expect(mergeAppointment(current, stale)[0]?.state).toBe('sent_to_modality');
  });

  it('adds a new appointment in time order', () => {
    const added = appointment('a0', '2026-11-27T08:45:00Z');
    expect(mergeAppointment(list, added).map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
  });
});

describe('mergeMessage', () => {
  const list = [message('m2', '2026-11-27T09:10:00Z'), message('m1', '2026-11-27T09:00:00Z')];

  it('replaces a message in place', () => {
    const changed = message('m1', '2026-11-27T09:00:00Z', {
      status: 'confirmed',
      attempts: 1,
      updatedAt: '2026-11-27T09:00:00.040Z',
    });
    expect(mergeMessage(list, changed).map((m) => m.status)).toEqual(['queued', 'confirmed']);
  });

  it("keeps a confirmed message when the action's older result arrives after the pushed change", () => {
    const confirmed = [
      message('m1', '2026-11-27T09:00:00Z', { status: 'confirmed', updatedAt: '2026-11-27T09:00:00.040Z' }),
    ];
    const actionResult = message('m1', '2026-11-27T09:00:00Z', { status: 'queued' });
    expect(mergeMessage(confirmed, actionResult)[0]?.status).toBe('confirmed');
  });

  it('lets a resend, newer, clear the failure on screen', () => {
    const failed = [
      message('m1', '2026-11-27T09:00:00Z', {
        status: 'failed',
        lastError: 'Unsupported action',
        updatedAt: '2026-11-27T09:01:00Z',
      }),
    ];
    const resent = message('m1', '2026-11-27T09:00:00Z', { updatedAt: '2026-11-27T09:02:00Z' });
    expect(mergeMessage(failed, resent)[0]).toMatchObject({ status: 'queued', lastError: null });
  });

  it('puts a new message first', () => {
    expect(mergeMessage(list, message('m3', '2026-11-27T09:20:00Z')).map((m) => m.id)).toEqual([
      'm3',
      'm2',
      'm1',
    ]);
  });
});

function gateway(id: string, name: string, overrides: Partial<GatewayView> = {}): GatewayView {
  return {
    id,
    name,
    providerName: 'Alpha Hospital Trust',
    providerId: 'p-alpha',
    sendRuleName: 'send',
    routes: [{ messageType: 'WORKLIST', destination: 'mwl' }],
    gatewayPublicKey: null,
    modalityAeTitle: null,
    isDefault: false,
    profile: 'modality-link/1',
    relayAddress: 'ws://127.0.0.1:9000',
    hybridConnection: 'alpha',
    keyEnrolled: true,
    connection: {
      state: 'idle',
      lastContactAt: null,
      lastRoundTripMs: null,
      lastError: null,
      failingPhase: null,
    },
    waiting: 0,
    failed: 0,
    ...overrides,
  };
}

describe('mergeGateway', () => {
  const list = [gateway('g1', 'Alpha gateway'), gateway('g2', 'Beta gateway')];

  it('replaces a gateway with the pushed copy, connection and counts included', () => {
    const changed = gateway('g2', 'Beta gateway', {
      connection: {
        state: 'ready',
        lastContactAt: '2026-11-27T09:00:00Z',
        lastRoundTripMs: 0.4,
        lastError: null,
        failingPhase: null,
      },
      waiting: 3,
    });
    const merged = mergeGateway(list, changed);
    expect(merged.map((g) => [g.id, g.connection.state, g.waiting])).toEqual([
      ['g1', 'idle', 0],
      ['g2', 'ready', 3],
    ]);
    expect(list[1]?.connection.state).toBe('idle');
  });

  it('adds a new gateway in name order', () => {
    expect(mergeGateway(list, gateway('g3', 'Aardvark gateway')).map((g) => g.id)).toEqual([
      'g3',
      'g1',
      'g2',
    ]);
  });
});
