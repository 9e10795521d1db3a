import { nhsCheckDigit } from '#shared/domain/nhs-number';

/**
 * Deterministic fictional participants for demo clinics and benchmarks. NHS numbers are drawn from
 * the 999 range, which NHS England reserves for testing, so no generated number can be a real person's.
 */
const FAMILY = [
  'Ahmed',
  'Brown',
  'Campbell',
  'Davies',
  'Evans',
  'Fraser',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morgan',
  'Nowak',
  "O'Neill",
  'Patel',
  'Quinn',
  'Roberts',
  'Singh',
  'Taylor',
  'Usman',
  'Vaughan',
  'Walker',
  'Young',
];
const GIVEN = [
  'Amelia',
  'Bernadette',
  'Carol',
  'Deborah',
  'Eileen',
  'Fatima',
  'Gillian',
  'Helen',
  'Irene',
  'Janet',
  'Karen',
  'Linda',
  'Margaret',
  'Nasreen',
  'Olwen',
  'Priya',
  'Rosemary',
  'Susan',
  'Teresa',
  'Valerie',
  'Wendy',
  'Yvonne',
];

export interface GeneratedParticipant {
  nhsNumber: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  sex: 'female';
}

/** mulberry32: a tiny seeded PRNG, so the same seed always yields the same clinic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function testNhsNumber(random: () => number): string {
  for (;;) {
    const body = '999' + String(Math.floor(random() * 1_000_000)).padStart(6, '0');
    const check = nhsCheckDigit(body);
    if (check !== null) return body + String(check);
  }
}

/** Breast screening invites women aged 50 to 71: birth dates fall in that window relative to `onDate`. */
export function generateParticipants(count: number, seed: number, onDate: string): GeneratedParticipant[] {
  const random = seededRandom(seed);
  const year = Number(onDate.slice(0, 4));
  const used = new Set<string>();
  const result: GeneratedParticipant[] = [];
  while (result.length < count) {
    const nhsNumber = testNhsNumber(random);
    if (used.has(nhsNumber)) continue;
    used.add(nhsNumber);
    const birthYear = year - 50 - Math.floor(random() * 21);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    result.push({
      nhsNumber,
      familyName: FAMILY[Math.floor(random() * FAMILY.length)] ?? 'Smith',
      givenName: GIVEN[Math.floor(random() * GIVEN.length)] ?? 'Jane',
      dateOfBirth: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      sex: 'female',
    });
  }
  return result;
}
