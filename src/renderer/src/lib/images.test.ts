import { describe, expect, it } from 'vitest';
import type { StudyImageView } from '#shared/ipc/views';
import {
  formatDose,
  formatDoseNumber,
  imageAltText,
  isDisplayableThumbnail,
  missingStandardViews,
  orderImages,
} from './images';

function image(
  label: string | null,
  acquiredAt: string,
  uid = `${label ?? 'x'}-${acquiredAt}`,
): StudyImageView {
  return {
    sopInstanceUid: uid,
    label,
    laterality: null,
    view: null,
    thumbnail: 'data:image/png;base64,AA==',
    width: 100,
    height: 120,
    acquiredAt,
    dose: null,
  };
}

const at = (minute: number) => `2026-11-27T09:${String(minute).padStart(2, '0')}:00Z`;

describe('orderImages', () => {
  it('hangs the standard views as RCC, LCC, RMLO, LMLO whatever order they were taken in', () => {
    const taken = [image('LMLO', at(4)), image('RCC', at(1)), image('RMLO', at(3)), image('LCC', at(2))];
    expect(orderImages(taken).map((i) => i.label)).toEqual(['RCC', 'LCC', 'RMLO', 'LMLO']);
  });

  it('keeps a repeated view next to the first, in time order, and puts other images last', () => {
    const taken = [
      image(null, at(0)),
      image('RCC', at(5), 'retake'),
      image('LCC', at(2)),
      image('RXCCL', at(3)),
      image('RCC', at(1), 'first'),
    ];
    expect(orderImages(taken).map((i) => i.sopInstanceUid)).toEqual([
      'first',
      'retake',
      `LCC-${at(2)}`,
      `x-${at(0)}`,
      `RXCCL-${at(3)}`,
    ]);
  });

  it('does not change the list it was given', () => {
    const taken = [image('LCC', at(2)), image('RCC', at(1))];
    orderImages(taken);
    expect(taken.map((i) => i.label)).toEqual(['LCC', 'RCC']);
  });
});

describe('imageAltText', () => {
  it('names the view, or says only what it is', () => {
    expect(imageAltText({ label: 'RCC' })).toBe('RCC mammogram thumbnail');
    expect(imageAltText({ label: null })).toBe('Mammogram thumbnail');
    expect(imageAltText({ label: ' ' })).toBe('Mammogram thumbnail');
  });
});

describe('formatDose', () => {
  it('reads the known values in a fixed order with their units', () => {
    expect(formatDose({ kvp: 29, organ_dose_dgy: 0.012 })).toBe('Organ dose 0.012 dGy, 29 kV');
    expect(
      formatDose({
        compressed_breast_thickness_mm: 52,
        exposure_mas: 80.5,
        entrance_dose_mgy: 4.25,
        kvp: 28,
        organ_dose_dgy: 0.0123,
      }),
    ).toBe('Organ dose 0.0123 dGy, Entrance dose 4.25 mGy, 28 kV, 80.5 mAs, Compressed thickness 52 mm');
  });

  it('shows values it does not know by their name, after the known ones', () => {
    expect(formatDose({ target_filter: 2, kvp: 30 })).toBe('30 kV, Target filter 2');
  });

  it('is null when there is nothing to show', () => {
    expect(formatDose(null)).toBeNull();
    expect(formatDose({})).toBeNull();
    expect(formatDose({ kvp: Number.NaN })).toBeNull();
  });
});

describe('formatDoseNumber', () => {
  it('keeps four significant figures without exponents or trailing zeros', () => {
    expect(formatDoseNumber(0.012)).toBe('0.012');
    expect(formatDoseNumber(0.0120000001)).toBe('0.012');
    expect(formatDoseNumber(29)).toBe('29');
    expect(formatDoseNumber(1.23456)).toBe('1.235');
    expect(formatDoseNumber(0.0000123)).toBe('0.0000123');
    expect(formatDoseNumber(1234567)).toBe('1235000');
  });
});

describe('missingStandardViews', () => {
  it('lists the standard views not received yet, in hanging order', () => {
    expect(missingStandardViews([{ label: 'LCC' }, { label: 'RCC' }])).toEqual(['RMLO', 'LMLO']);
    expect(
      missingStandardViews([{ label: 'RCC' }, { label: 'LCC' }, { label: 'RMLO' }, { label: 'LMLO' }]),
    ).toEqual([]);
  });

  it('says nothing before the first image', () => {
    expect(missingStandardViews([])).toEqual([]);
  });
});

describe('isDisplayableThumbnail', () => {
  it('accepts inline PNG and JPEG only', () => {
    expect(isDisplayableThumbnail('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isDisplayableThumbnail('data:image/jpeg;base64,/9j/4AAQ')).toBe(true);
    expect(isDisplayableThumbnail('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isDisplayableThumbnail('https://example.org/x.png')).toBe(false);
    expect(isDisplayableThumbnail('data:image/png;base64,"onerror=')).toBe(false);
  });
});
