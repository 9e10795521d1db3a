import { describe, expect, it } from 'vitest';
import { localDateTime, newUid, patientAge } from './dicom-values';

describe('dicom-values', () => {
  it("uses the clinic's London date and time, not UTC's, on both sides of British Summer Time", () => {
    expect(localDateTime(new Date('2026-07-01T23:30:05Z'))).toEqual({ date: '20260702', time: '003005' });
    expect(localDateTime(new Date('2026-12-01T23:30:05Z'))).toEqual({ date: '20261201', time: '233005' });
  });

  it('makes UUID-derived UIDs (PS3.5 B.2), new every time', () => {
    const uid = newUid();
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(newUid()).not.toBe(uid);
  });

  it('gives PatientAge in years on the study date, or nothing when the birth date is unusable', () => {
    expect(patientAge('19660314', '20261127')).toBe('060Y');
    expect(patientAge('19660314', '20260313')).toBe('059Y');
    expect(patientAge('19660314', '20260314')).toBe('060Y');
    expect(patientAge('', '20261127')).toBe('');
    expect(patientAge('1966-03-14', '20261127')).toBe('');
  });
});
