import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BuilderError } from './builder-error';
import { sampleContext, withContext } from './order-context.fixture';
import { buildWorklistCreateItem, worklistItemSchema } from './worklist-item';

function builderError(fn: () => unknown): BuilderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BuilderError) return e;
    throw e;
  }
  throw new Error('expected a BuilderError');
}

describe('buildWorklistCreateItem', () => {
  it('builds the production gateway shape with local (BST) scheduled time', () => {
    expect(buildWorklistCreateItem(sampleContext)).toEqual({
      accession_number: 'ACC20260701A3F9',
      participant: { nhs_number: '9434765919', name: 'Smith^Jane', birth_date: '19680314', sex: 'F' },
      scheduled: { date: '20260701', time: '091500' },
      procedure: { modality: 'MG', study_description: 'Bilateral screening mammogram' },
      scheduled_station_ae_title: 'MG_ROOM_1',
    });
  });

  it('puts a 23:30 UTC summer slot on the next local day (the production bug)', () => {
    const item = buildWorklistCreateItem(withContext({ appointment: { startsAt: '2026-07-01T23:30:00Z' } }));
    expect(item.scheduled).toEqual({ date: '20260702', time: '003000' });
  });

  it('uses GMT in winter', () => {
    const item = buildWorklistCreateItem(withContext({ appointment: { startsAt: '2026-11-27T09:15:00Z' } }));
    expect(item.scheduled).toEqual({ date: '20261127', time: '091500' });
  });

  it('writes UTC when the gateway contract asks for it (nhs-gateway/1), rolling the date back', () => {
    const utc = (startsAt: string) =>
      buildWorklistCreateItem(withContext({ scheduledTimes: 'utc', appointment: { startsAt } })).scheduled;
    // 00:30 BST on 15 June 2027 is 23:30 UTC the day before; 09:15 GMT in winter is 09:15 UTC.
    expect(utc('2027-06-14T23:30:00Z')).toEqual({ date: '20270614', time: '233000' });
    expect(utc('2026-11-27T09:15:00Z')).toEqual({ date: '20261127', time: '091500' });
    expect(utc('2027-06-15T08:15:00+01:00')).toEqual({ date: '20270615', time: '071500' });
  });

  it('omits the AE title when the route names none', () => {
    const ctx = structuredClone(sampleContext);
    delete ctx.procedure.scheduledStationAeTitle;
    expect(buildWorklistCreateItem(ctx)).not.toHaveProperty('scheduled_station_ae_title');
  });

  it.each([
    ['female', 'F'],
    ['male', 'M'],
    ['other', 'O'],
    ['unknown', ''],
  ] as const)('maps sex %s to DICOM %j', (sex, expected) => {
    expect(buildWorklistCreateItem(withContext({ participant: { sex } })).participant.sex).toBe(expected);
  });

  it('keeps name case and replaces PN delimiters instead of letting them split the name', () => {
    const ctx = withContext({
      participant: { familyName: "O'Brien|Smith^Jones&Co\\", givenName: 'Mary=Ann  Lou' },
    });
    expect(buildWorklistCreateItem(ctx).participant.name).toBe("O'Brien|Smith Jones&Co^Mary Ann Lou");
    expect(
      buildWorklistCreateItem(withContext({ participant: { familyName: 'McDonald', givenName: '' } }))
        .participant.name,
    ).toBe('McDonald');
  });

  it('output always satisfies worklistItemSchema', () => {
    for (const ctx of [
      sampleContext,
      withContext({ participant: { familyName: 'a^b=c\\d', sex: 'unknown' } }),
    ]) {
      expect(worklistItemSchema.safeParse(buildWorklistCreateItem(ctx)).success).toBe(true);
    }
  });
});

describe('buildWorklistCreateItem rejects values the modality would mangle', () => {
  it.each([
    [{ accessionNumber: 'ACC20260701A3F9XY' }, 'accessionNumber', /at most 16/],
    [{ accessionNumber: 'ACC\\1' }, 'accessionNumber', /backslash/],
    [{ accessionNumber: 'ACC\n1' }, 'accessionNumber', /control/],
    [{ accessionNumber: '   ' }, 'accessionNumber', /empty/],
    [{ procedure: { studyDescription: 'x'.repeat(65) } }, 'procedure.studyDescription', /at most 64/],
    [{ procedure: { modality: 'mg' } }, 'procedure.modality', /CS/],
    [
      { procedure: { scheduledStationAeTitle: 'A_VERY_LONG_AE_TITLE' } },
      'procedure.scheduledStationAeTitle',
      /16/,
    ],
    [{ participant: { nhsNumber: '9434765918' } }, 'participant.nhsNumber', /check digit/],
    [{ participant: { nhsNumber: '943 476 5919' } }, 'participant.nhsNumber', /10 digits/],
    [{ participant: { dateOfBirth: '1968-02-30' } }, 'participant.dateOfBirth', /real date/],
    [{ participant: { familyName: '^^^' } }, 'participant.familyName', /empty/],
    [
      { participant: { familyName: 'X'.repeat(40), givenName: 'Y'.repeat(30) } },
      'participant.familyName',
      /64/,
    ],
    [{ appointment: { startsAt: '2026-07-01T08:15:00' } }, 'appointment.startsAt', /Z or an offset/],
    [{ clinic: { timeZone: 'Europe/Londn' } }, 'appointment.startsAt (time zone)', /IANA/],
  ] as const)('%j → %s', (overrides, field, message) => {
    const err = builderError(() => buildWorklistCreateItem(withContext(overrides)));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it('refuses non-ASCII accession numbers (the cross-system join key)', () => {
    const err = builderError(() => buildWorklistCreateItem(withContext({ accessionNumber: 'ACC2026070é' })));
    expect(err.message).toMatch(/printable ASCII/);
  });

  it('counts characters, not UTF-16 units, for LO limits', () => {
    // 64 characters, one of them astral-plane (2 UTF-16 units): allowed.
    const description = `${'x'.repeat(63)}😀`;
    const item = buildWorklistCreateItem(withContext({ procedure: { studyDescription: description } }));
    expect(item.procedure.study_description).toBe(description);
    expect(worklistItemSchema.safeParse(item).success).toBe(true);
  });
});

describe('worklist item properties', () => {
  it('any name either builds a schema-valid item or fails with a BuilderError on the name', () => {
    const text = fc.string({
      maxLength: 40,
      unit: fc.oneof(
        fc.constantFrom('^', '=', '\\', '\r', ' '),
        fc.string({ unit: 'grapheme', maxLength: 1 }),
      ),
    });
    fc.assert(
      fc.property(text, text, (familyName, givenName) => {
        const ctx = withContext({ participant: { familyName, givenName } });
        let item;
        try {
          item = buildWorklistCreateItem(ctx);
        } catch (e) {
          expect(e).toBeInstanceOf(BuilderError);
          expect((e as BuilderError).field).toBe('participant.familyName');
          return;
        }
        expect(worklistItemSchema.safeParse(item).success).toBe(true);
        expect(item.participant.name.split('^').length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('worklistItemSchema', () => {
  const valid = buildWorklistCreateItem(sampleContext);

  it.each([
    ['accession over 16', { ...valid, accession_number: 'A'.repeat(17) }],
    ['name with a second ^', { ...valid, participant: { ...valid.participant, name: 'A^B^C' } }],
    ['bad sex', { ...valid, participant: { ...valid.participant, sex: 'U' } }],
    ['time 24h', { ...valid, scheduled: { date: '20260701', time: '240000' } }],
    ['month 13', { ...valid, scheduled: { date: '20261301', time: '091500' } }],
    ['name with =', { ...valid, participant: { ...valid.participant, name: 'A=B^C' } }],
    ['name with a line break', { ...valid, participant: { ...valid.participant, name: 'A\nB^C' } }],
    ['description with backslash', { ...valid, procedure: { modality: 'MG', study_description: 'a\\b' } }],
  ])('rejects %s', (_label, candidate) => {
    expect(worklistItemSchema.safeParse(candidate).success).toBe(false);
  });
});
