/** A realistic OrderContext for builder tests; tests override fields with `withContext`. */
import type { OrderContext } from './order-context';

export const sampleContext: OrderContext = {
  messageId: '6f1c2a9e-3b1d-4c55-9a0e-2f7d8b1e4c21',
  accessionNumber: 'ACC20260701A3F9',
  createdAt: '2026-06-30T14:05:07Z',
  appointment: { id: 'appt-0001', startsAt: '2026-07-01T08:15:00Z', durationMinutes: 15 },
  clinic: {
    id: 'clinic-01',
    name: 'West Park Breast Screening',
    location: 'Mobile Unit 2, West Park',
    timeZone: 'Europe/London',
  },
  provider: { id: 'prov-01', name: 'Alpha Hospital NHS Trust', odsCode: 'RXX' },
  participant: {
    id: 'part-0001',
    nhsNumber: '9434765919',
    familyName: 'Smith',
    givenName: 'Jane',
    dateOfBirth: '1968-03-14',
    sex: 'female',
  },
  procedure: {
    modality: 'MG',
    studyDescription: 'Bilateral screening mammogram',
    scheduledStationAeTitle: 'MG_ROOM_1',
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** sampleContext with nested overrides (one level of nesting is all OrderContext has). */
export function withContext(overrides: DeepPartial<OrderContext>): OrderContext {
  const base = structuredClone(sampleContext);
  for (const [key, value] of Object.entries(overrides)) {
    const k = key as keyof OrderContext;
    const current = base[k];
    (base as unknown as Record<string, unknown>)[k] =
      typeof value === 'object' && value !== null && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return base;
}
