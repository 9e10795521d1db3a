import type { DicomElement } from './dicom-writer';
import {
  SPECIFIC_CHARACTER_SET_TAG,
  SPS_ATTRIBUTES,
  SPS_TAG,
  TOP_LEVEL_ATTRIBUTES,
  type AttributeSpec,
} from './mwl-attributes';
import type { MwlRequest } from './mwl-query';
import type { WorklistRow } from './worklist-store';

/**
 * Every response declares UTF-8 (`ISO_IR 192`): names such as `Siân` or `Zoë` arrive from the app as
 * Unicode and are written as UTF-8, so the declaration is what makes the bytes mean the right letters
 * at the modality. We answer in UTF-8 whatever the query's character set (C.4.1.1.3.2 allows it).
 */
export const RESPONSE_CHARACTER_SET = 'ISO_IR 192';

function render(spec: AttributeSpec, row: WorklistRow): DicomElement {
  return spec.vr === 'SQ'
    ? { tag: spec.tag, vr: 'SQ', items: [] }
    : { tag: spec.tag, vr: spec.vr, value: spec.value(row) };
}

function pick(keys: readonly string[], specs: Readonly<Record<string, AttributeSpec>>, row: WorklistRow) {
  return keys.flatMap((key) => {
    const spec = specs[key];
    return spec ? [render(spec, row)] : [];
  });
}

/** The response identifier for one matching item: only what was asked for (see mwl-query). */
export function responseElements(row: WorklistRow, request: MwlRequest): DicomElement[] {
  const elements: DicomElement[] = [
    { tag: SPECIFIC_CHARACTER_SET_TAG, vr: 'CS', value: RESPONSE_CHARACTER_SET },
    ...pick(request.topLevel, TOP_LEVEL_ATTRIBUTES, row),
  ];
  if (request.sps !== null)
    elements.push({ tag: SPS_TAG, vr: 'SQ', items: [pick(request.sps, SPS_ATTRIBUTES, row)] });
  return elements;
}
