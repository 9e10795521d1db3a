import { describe, expect, it } from 'vitest';
import { BuilderError } from './builder-error';
import { buildHl7OrmO01, type Hl7OrmOptions } from './hl7-orm';
import { hl7Get, parseHl7, segmentsNamed } from './hl7-parse';
import { sampleContext, withContext } from './order-context.fixture';

const opts: Hl7OrmOptions = {
  sendingApplication: 'MODALITYLINK',
  sendingFacility: 'RXX',
  receivingApplication: 'RIS',
  receivingFacility: 'RXX',
  controlId: 'ML000123',
};

describe('buildHl7OrmO01', () => {
  const text = buildHl7OrmO01(sampleContext, opts);
  const msg = parseHl7(text);
  const get = (path: string) => hl7Get(msg, path);

  it('is MSH, PID, PV1, ORC, OBR separated by CR only', () => {
    expect(msg.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'PV1', 'ORC', 'OBR']);
    expect(text.split('\r')).toHaveLength(5);
    expect(text).not.toMatch(/\n/);
    expect(text.startsWith('MSH|^~\\&|MODALITYLINK|RXX|RIS|RXX|')).toBe(true);
  });

  it('fills MSH', () => {
    expect(get('MSH-1')).toBe('|');
    expect(get('MSH-2')).toBe('^~\\&');
    // createdAt 14:05:07Z on 30 June = 15:05:07 BST.
    expect(get('MSH-7')).toBe('20260630150507+0100');
    expect([get('MSH-9.1'), get('MSH-9.2'), get('MSH-9.3')]).toEqual(['ORM', 'O01', 'ORM_O01']);
    expect(get('MSH-10')).toBe('ML000123');
    expect(get('MSH-11')).toBe('P');
    expect(get('MSH-12')).toBe('2.4');
    expect(get('MSH-17')).toBe('GBR');
    expect(get('MSH-18')).toBe('UNICODE UTF-8');
  });

  it('identifies the participant by NHS number with authority NHS and type NH', () => {
    expect([get('PID-3.1'), get('PID-3.4'), get('PID-3.5')]).toEqual(['9434765919', 'NHS', 'NH']);
    expect([get('PID-5.1'), get('PID-5.2')]).toEqual(['Smith', 'Jane']);
    expect(get('PID-7')).toBe('19680314');
    expect(get('PID-8')).toBe('F');
  });

  it('places the visit at the provider (ODS) with the clinic as location description', () => {
    expect(get('PV1-2')).toBe('O');
    expect(get('PV1-3.4')).toBe('RXX');
    expect(get('PV1-3.9')).toBe('West Park Breast Screening, Mobile Unit 2, West Park');
  });

  it('carries the accession as placer order number (ORC-2 = OBR-2) and OBR-18', () => {
    expect(get('ORC-1')).toBe('NW');
    expect([get('ORC-2.1'), get('ORC-2.2')]).toEqual(['ACC20260701A3F9', 'MODALITYLINK']);
    expect(segmentsNamed(msg, 'OBR')[0]?.fields[2]).toBe(segmentsNamed(msg, 'ORC')[0]?.fields[2]);
    expect(get('OBR-18')).toBe('ACC20260701A3F9');
    expect(get('OBR-3')).toBe('');
  });

  it('schedules in clinic local time with offset (ORC-7/OBR-27 TQ, OBR-7, OBR-36)', () => {
    for (const tq of ['ORC-7', 'OBR-27']) {
      expect(get(`${tq}.1`)).toBe('1');
      expect(get(`${tq}.3`)).toBe('M15');
      expect(get(`${tq}.4`)).toBe('20260701091500+0100');
      expect(get(`${tq}.5`)).toBe('20260701093000+0100');
      expect(get(`${tq}.6`)).toBe('R');
    }
    expect(get('OBR-7')).toBe('20260701091500+0100');
    expect(get('OBR-36')).toBe('20260701091500+0100');
    expect(get('ORC-9')).toBe('20260630150507+0100');
  });

  it('codes the procedure in SNOMED CT and the modality in OBR-24', () => {
    expect([get('OBR-4.1'), get('OBR-4.2'), get('OBR-4.3')]).toEqual([
      '24623002',
      'Bilateral screening mammogram',
      'SCT',
    ]);
    expect(get('OBR-24')).toBe('MG');
    expect([get('ORC-21.1'), get('ORC-21.3')]).toEqual(['Alpha Hospital NHS Trust', 'RXX']);
  });

  it('uses the next local day for a 23:30 UTC summer slot, and +0000 in winter', () => {
    const late = parseHl7(
      buildHl7OrmO01(withContext({ appointment: { startsAt: '2026-07-01T23:30:00Z' } }), opts),
    );
    expect(hl7Get(late, 'OBR-27.4')).toBe('20260702003000+0100');
    const winter = parseHl7(
      buildHl7OrmO01(withContext({ appointment: { startsAt: '2026-10-25T01:30:00Z' } }), opts),
    );
    expect(hl7Get(winter, 'OBR-27.4')).toBe('20261025013000+0000');
  });

  it('escapes delimiters in names so fields do not shift, and they round-trip', () => {
    const family = "O'Brien|Smith^Jones&Co\\";
    const given = 'Mary~Ann\rLou';
    const out = buildHl7OrmO01(withContext({ participant: { familyName: family, givenName: given } }), opts);
    expect(out).toContain(
      "PID|1||9434765919^^^NHS^NH||O'Brien\\F\\Smith\\S\\Jones\\T\\Co\\E\\^Mary\\R\\Ann\\X0D\\Lou||19680314|F",
    );
    const parsed = parseHl7(out);
    expect(parsed.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'PV1', 'ORC', 'OBR']);
    expect(hl7Get(parsed, 'PID-5.1')).toBe(family);
    expect(hl7Get(parsed, 'PID-5.2')).toBe(given);
    expect(hl7Get(parsed, 'PID-7')).toBe('19680314');
  });

  it('escapes option values too', () => {
    const out = parseHl7(buildHl7OrmO01(sampleContext, { ...opts, sendingFacility: 'A|B^C' }));
    expect(hl7Get(out, 'MSH-4')).toBe('A|B^C');
    expect(hl7Get(out, 'MSH-5')).toBe('RIS');
  });

  it.each([
    ['unknown', 'U'],
    ['other', 'O'],
    ['male', 'M'],
  ] as const)('maps sex %s to %s', (sex, code) => {
    expect(hl7Get(parseHl7(buildHl7OrmO01(withContext({ participant: { sex } }), opts)), 'PID-8')).toBe(code);
  });

  it.each([
    [{}, { controlId: '' }, 'controlId'],
    [{}, { controlId: 'X'.repeat(21) }, 'controlId'],
    [{}, { receivingApplication: 'RIS\u00e9' }, 'receivingApplication'],
    [{ accessionNumber: 'ACC20260701A3F9XY' }, {}, 'accessionNumber'],
    [{ participant: { nhsNumber: '1234567890' } }, {}, 'participant.nhsNumber'],
    [{ appointment: { durationMinutes: 0 } }, {}, 'appointment.durationMinutes'],
    [{ createdAt: '2026-06-30 14:05' }, {}, 'createdAt'],
  ] as const)('rejects %j %j naming %s', (ctxOverrides, optOverrides, field) => {
    let caught: unknown;
    try {
      buildHl7OrmO01(withContext(ctxOverrides), { ...opts, ...optOverrides });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BuilderError);
    expect((caught as BuilderError).field).toBe(field);
  });
});
