import fc from 'fast-check';
import { ACTION_TYPES, WORKLIST_MOVES } from './actions';
import { EVENT_TYPES } from './events';
import { MAX_ACTIONS_PER_FRAME } from './session-frames';

/**
 * VALID inputs built from the schemas' rules, for the fast path's differential tests (ADR 0034): every
 * optional key present or absent, unknown keys (`__proto__` and `constructor` among them), lengths at
 * their bounds, text beyond ASCII. Values leave as JSON text, as they arrive on the wire.
 */

/** Code points from every plane, each at most two UTF-16 units: `max / 2` of them fit in `max` units. */
const text = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, Math.floor(max / 2)) }),
    fc.constantFrom('x'.repeat(Math.max(min, 1)), 'y'.repeat(max)),
  );
export const id = text(1, 64);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y: number, m: number) =>
  m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** What `z.iso.datetime({ offset: true })` accepts: real calendar dates, seconds, any fraction, Z or ±HH:MM. */
export const isoDateTime = fc
  .record({
    y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2024, 2100, 2400)),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
    zone: fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
    ),
  })
  .map(({ y, m, d, h, mi, s, fraction, zone }) => {
    const day = Math.min(d, daysIn(y, m));
    const time = `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction === undefined ? '' : `.${fraction}`}`;
    return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}T${time}${zone}`;
  });

const EXTRA_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '5', 'extra', ''];

/** `base` with unknown keys added as own properties (so `__proto__` stays a key, not a prototype). */
export function withExtras(base: Record<string, unknown>, shapeKeys: readonly string[]) {
  const extras = fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string()), fc.jsonValue(), {
    maxKeys: 3,
  });
  return fc.tuple(fc.constant(base), extras).map(([known, more]) => {
    const out: Record<string, unknown> = { ...known };
    for (const key of Object.keys(more)) {
      if (shapeKeys.includes(key)) continue;
      Object.defineProperty(out, key, {
        value: more[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  });
}

/** fc.record with the keys not named in `required` present or absent, plus unknown keys. */
function loose(model: Record<string, fc.Arbitrary<unknown>>, required: string[]) {
  return fc.record(model, { requiredKeys: required }).chain((base) => withExtras(base, Object.keys(model)));
}

const printableNoWildcards = /[\x20-\x29\x2b-\x3e\x40-\x5b\x5d-\x7e]/;
/** An identifier (SH/AE): printable ASCII without `*`, `?`, `\`, not blank, at most 16 characters. */
const identifier = fc
  .tuple(
    fc.string({
      unit: fc.stringMatching(/^[\x21-\x29\x2b-\x3e\x40-\x5b\x5d-\x7e]$/),
      minLength: 1,
      maxLength: 1,
    }),
    fc.string({ unit: fc.stringMatching(new RegExp(`^${printableNoWildcards.source}$`)), maxLength: 15 }),
  )
  .map(([first, rest]) => first + rest);
const nameUnit = fc.constantFrom('A', 'z', ' ', "'", '-', 'é', 'Ö', '😀', '中');
const personName = fc
  .tuple(
    fc.string({ unit: nameUnit, minLength: 1, maxLength: 31 }),
    fc.option(fc.string({ unit: nameUnit, maxLength: 31 }), { nil: undefined }),
  )
  .map(([family, given]) => (given === undefined ? family : `${family}^${given}`));
const dicomDate = fc.stringMatching(/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/);
const description = fc
  .tuple(fc.constantFrom('S', 'é', '😀'), fc.string({ unit: nameUnit, maxLength: 63 }))
  .map(([a, b]) => a + b);

export const worklistItem = loose(
  {
    accession_number: identifier,
    participant: loose(
      {
        nhs_number: fc.stringMatching(/^\d{10}$/),
        name: personName,
        birth_date: dicomDate,
        sex: fc.constantFrom('F', 'M', 'O', ''),
      },
      ['nhs_number', 'name', 'birth_date', 'sex'],
    ),
    scheduled: loose({ date: dicomDate, time: fc.stringMatching(/^([01]\d|2[0-3])[0-5]\d[0-5]\d$/) }, [
      'date',
      'time',
    ]),
    procedure: loose({ modality: fc.stringMatching(/^[A-Z0-9_ ]{1,16}$/), study_description: description }, [
      'modality',
      'study_description',
    ]),
    scheduled_station_ae_title: identifier,
  },
  ['accession_number', 'participant', 'scheduled', 'procedure'],
);

export const parameters = {
  'worklist.create_item': loose({ worklist_item: worklistItem, destination: text(1, 64) }, ['worklist_item']),
  'worklist.update_status': loose(
    {
      worklist_item: loose({ accession_number: identifier, status: fc.constantFrom(...WORKLIST_MOVES) }, [
        'accession_number',
        'status',
      ]),
    },
    ['worklist_item'],
  ),
  'message.deliver': loose(
    { type: text(1, 32), payload: fc.string(), destination: text(1, 64), accession_number: identifier },
    ['type', 'payload', 'destination'],
  ),
};

const envelope = loose(
  {
    schema_version: fc.constant(1),
    action_id: id,
    action_type: fc.constantFrom(...ACTION_TYPES),
    timestamp: isoDateTime,
    source_system: text(1, 64),
    source_reference: loose({ appointment_id: id, participant_id: id }, []),
    parameters: fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
      parameters['worklist.create_item'],
      parameters['message.deliver'],
    ),
  },
  ['schema_version', 'action_id', 'action_type', 'timestamp', 'source_system'],
);

const keyId = fc.stringMatching(/^[0-9a-f]{32}$/);
const signed = (kind: string, list: string, element: fc.Arbitrary<unknown>) =>
  loose(
    {
      kind: fc.constant(kind),
      frame_id: id,
      timestamp: isoDateTime,
      [list]: fc.oneof(
        { weight: 40, arbitrary: fc.array(element, { minLength: 1, maxLength: 4 }) },
        {
          weight: 1,
          arbitrary: fc.array(element, {
            minLength: MAX_ACTIONS_PER_FRAME,
            maxLength: MAX_ACTIONS_PER_FRAME,
          }),
        },
      ),
      key_id: keyId,
      sig: text(1, 200),
    },
    ['kind', 'frame_id', 'timestamp', list, 'key_id', 'sig'],
  );

const event = loose(
  {
    event_id: id,
    event_type: fc.constantFrom(...EVENT_TYPES),
    timestamp: isoDateTime,
    action_id: id,
    accession_number: text(0, 16),
    data: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
  },
  ['event_id', 'event_type', 'timestamp'],
);

const status = (name: string) => ({ status: fc.constant(name) });
const str = fc.string();
export const reply = fc.oneof(
  ...['created', 'exists', 'accepted'].map((s) =>
    loose({ ...status(s), action_id: id }, ['status', 'action_id']),
  ),
  loose({ ...status('updated'), accession_number: str, action_id: id }, ['status', 'accession_number']),
  loose({ ...status('echo'), payload: fc.jsonValue() }, ['status', 'payload']),
  loose(
    {
      ...status('verified'),
      action_id: id,
      accession_number: str,
      found: fc.boolean(),
      query_ms: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true })),
    },
    ['status', 'action_id', 'accession_number', 'found', 'query_ms'],
  ),
  loose({ ...status('removed'), action_id: id, accession_number: str }, [
    'status',
    'action_id',
    'accession_number',
  ]),
  loose({ ...status('ok'), action_id: id, health: fc.dictionary(str, fc.jsonValue()) }, ['status', 'health']),
  loose({ ...status('error'), message: str, action_id: id, code: str, retryable: fc.boolean() }, [
    'status',
    'message',
  ]),
);

/** Valid frames of each kind the fast path takes. */
export const hotFrames = {
  actions: signed('actions', 'actions', envelope),
  events: signed('events', 'events', event),
  replies: loose(
    {
      kind: fc.constant('replies'),
      replies: fc.array(loose({ action_id: id, reply }, ['action_id', 'reply']), {
        minLength: 1,
        maxLength: 4,
      }),
    },
    ['kind', 'replies'],
  ),
  event_acks: loose(
    { kind: fc.constant('event_acks'), event_ids: fc.array(id, { minLength: 1, maxLength: 4 }) },
    ['kind', 'event_ids'],
  ),
};
export const hotFrame = fc.oneof(
  { weight: 4, arbitrary: hotFrames.actions },
  { weight: 2, arbitrary: hotFrames.events },
  { weight: 2, arbitrary: hotFrames.replies },
  { weight: 1, arbitrary: hotFrames.event_acks },
);
