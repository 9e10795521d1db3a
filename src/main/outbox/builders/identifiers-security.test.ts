import { describe, expect, it } from 'vitest';
import { identifierProblem, worklistItemSchema } from 'modality-link-protocol';
import { BuilderError } from './builder-error';
import { buildFhirServiceRequest } from './fhir-service-request';
import { buildHl7OrmO01 } from './hl7-orm';
import { withContext } from './order-context.fixture';
import { buildWorklistCreateItem } from './worklist-item';

/**
 * Issue 12: an accession number of `*` was accepted, though `*`, `?` and `\` are DICOM matching
 * characters. The app refuses them in every builder that carries an identifier, naming the field; the
 * shared wire schema (which the gateway validates with) refuses the same.
 */
const hl7 = {
  sendingApplication: 'ML',
  sendingFacility: 'CLINIC',
  receivingApplication: 'RIS',
  receivingFacility: 'TRUST',
  controlId: 'C1',
};
const builders = {
  worklist: buildWorklistCreateItem,
  fhir: buildFhirServiceRequest,
  hl7: (ctx: Parameters<typeof buildWorklistCreateItem>[0]) => buildHl7OrmO01(ctx, hl7),
};

function refusal(fn: () => unknown): BuilderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuilderError) return error;
    throw error;
  }
  throw new Error('expected a BuilderError');
}

describe('DICOM matching characters in identifiers', () => {
  it.each(Object.keys(builders))('%s builder refuses an accession of *, ? or with a wildcard', (name) => {
    const build = builders[name as keyof typeof builders];
    for (const accession of ['*', '?', 'ACC2026*', 'ACC?0701']) {
      const error = refusal(() => build(withContext({ accessionNumber: accession })));
      expect(error.field).toBe('accessionNumber');
      expect(error.message).toMatch(/matching characters|backslash/);
    }
    // The control: a real accession builds.
    expect(() => build(withContext({ accessionNumber: 'ACC20260701A3F9' }))).not.toThrow();
  });

  it('refuses a wildcard scheduled station AE title', () => {
    const error = refusal(() =>
      buildWorklistCreateItem(withContext({ procedure: { scheduledStationAeTitle: 'MG_*' } })),
    );
    expect(error.field).toBe('procedure.scheduledStationAeTitle');
    expect(error.message).toMatch(/matching characters/);
  });

  it('the shared wire schema refuses them too, naming the rule and not the value', () => {
    const item = buildWorklistCreateItem(withContext({}));
    for (const [path, value] of [
      [['accession_number'], '*'],
      [['accession_number'], 'A\\B'],
      [['accession_number'], 'ACC\u0007'],
      [['scheduled_station_ae_title'], 'MG?'],
      [['participant', 'nhs_number'], '943476591*'],
    ] as const) {
      const candidate = structuredClone(item) as Record<string, unknown>;
      const parent = path.length === 1 ? candidate : (candidate[path[0]] as Record<string, unknown>);
      parent[path[path.length - 1]!] = value;
      const parsed = worklistItemSchema.safeParse(candidate);
      expect(parsed.success).toBe(false);
      const issue = parsed.error!.issues[0]!;
      expect(issue.path).toEqual(path);
      if (value.length > 1) expect(issue.message).not.toContain(value); // '*' is in the rule's own words
    }
    expect(identifierProblem('accessionNumber', '*')).toBe(
      'no DICOM matching characters (*, ? or \\) in an identifier (DICOM SH)',
    );
    expect(identifierProblem('patientId', '9434765919')).toBeUndefined();
    expect(identifierProblem('aeTitle', 'MG_ROOM_1')).toBeUndefined();
  });
});
