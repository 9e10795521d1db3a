import { data } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import {
  SPECIFIC_CHARACTER_SET_TAG,
  SPS_ATTRIBUTES,
  SPS_KEY,
  SPS_TAG,
  TOP_LEVEL_ATTRIBUTES,
} from './mwl-attributes';

const hexTag = (tag: number) => {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
};

describe('MWL attribute table', () => {
  it('uses the tags and VRs of the DICOM data dictionary (PS3.6)', () => {
    const entries: Array<[string, number, string]> = [
      ...Object.entries({ ...TOP_LEVEL_ATTRIBUTES, ...SPS_ATTRIBUTES }).map(
        ([k, s]) => [k, s.tag, s.vr] as [string, number, string],
      ),
      [SPS_KEY, SPS_TAG, 'SQ'],
      ['SpecificCharacterSet', SPECIFIC_CHARACTER_SET_TAG, 'CS'],
    ];
    for (const [keyword, tag, vr] of entries) {
      const entry = data.DicomMetaDictionary.nameMap[keyword];
      expect(entry, keyword).toBeDefined();
      expect([keyword, hexTag(tag), vr]).toEqual([keyword, entry!.tag, entry!.vr]);
    }
  });
});
