import type { DicomElement } from './dicom-writer';
import {
  SPECIFIC_CHARACTER_SET_TAG,
  SPS_ATTRIBUTES,
  SPS_TAG,
  STATION_AE_TAG,
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

/**
 * Scheduled Station AE Title is a type 1 return key (Table K.6-1), yet an item may be scheduled on no
 * particular station, and then every station's query matches it (mwl-query). Such an item is answered
 * with the AE title of the station asking: from its point of view the step is scheduled on it, the
 * value matches a station-specific query by construction, and no site has to invent a default station.
 */
export interface ResponseContext {
  callingAe: string;
}

function render(spec: AttributeSpec, row: WorklistRow, context: ResponseContext): DicomElement {
  if (spec.vr === 'SQ') return { tag: spec.tag, vr: 'SQ', items: [] };
  const value = spec.value(row);
  return {
    tag: spec.tag,
    vr: spec.vr,
    value: value === '' && spec.tag === STATION_AE_TAG ? context.callingAe : value,
  };
}

function pick(
  keys: readonly string[],
  specs: Readonly<Record<string, AttributeSpec>>,
  row: WorklistRow,
  context: ResponseContext,
) {
  return keys.flatMap((key) => {
    const spec = specs[key];
    return spec ? [render(spec, row, context)] : [];
  });
}

/** The response identifier for one matching item: only what was asked for (see mwl-query). */
export function responseElements(
  row: WorklistRow,
  request: MwlRequest,
  context: ResponseContext,
): DicomElement[] {
  const elements: DicomElement[] = [
    { tag: SPECIFIC_CHARACTER_SET_TAG, vr: 'CS', value: RESPONSE_CHARACTER_SET },
    ...pick(request.topLevel, TOP_LEVEL_ATTRIBUTES, row, context),
  ];
  if (request.sps !== null)
    elements.push({ tag: SPS_TAG, vr: 'SQ', items: [pick(request.sps, SPS_ATTRIBUTES, row, context)] });
  return elements;
}
