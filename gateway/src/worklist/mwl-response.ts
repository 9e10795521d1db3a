import { SPS_ATTRIBUTES, SPS_KEY, TOP_LEVEL_ATTRIBUTES, type AttributeSpec } from './mwl-attributes';
import type { MwlRequest } from './mwl-query';
import type { WorklistRow } from './worklist-store';

/**
 * Every response declares UTF-8 (`ISO_IR 192`): names such as `Siân` or `Zoë` arrive from the app as
 * Unicode, and dcmjs encodes text as UTF-8, so the declaration is what makes the bytes mean the right
 * letters at the modality. We answer in UTF-8 whatever the query's character set (C.4.1.1.3.2 allows it).
 */
export const RESPONSE_CHARACTER_SET = 'ISO_IR 192';

function render(spec: AttributeSpec, row: WorklistRow): unknown {
  if (spec.vr === 'SQ') return [];
  const value = spec.value(row);
  // dcmjs writes person names from `{Alphabetic}` objects; an empty PN is written zero-length.
  if (spec.vr === 'PN') return value === '' ? '' : [{ Alphabetic: value }];
  return value;
}

function pick(keys: readonly string[], specs: Readonly<Record<string, AttributeSpec>>, row: WorklistRow) {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const spec = specs[key];
    if (spec) out[key] = render(spec, row);
  }
  return out;
}

/** The response identifier for one matching item: only what was asked for (see mwl-query). */
export function responseElements(row: WorklistRow, request: MwlRequest): Record<string, unknown> {
  const elements: Record<string, unknown> = {
    SpecificCharacterSet: RESPONSE_CHARACTER_SET,
    ...pick(request.topLevel, TOP_LEVEL_ATTRIBUTES, row),
  };
  if (request.sps !== null) elements[SPS_KEY] = [pick(request.sps, SPS_ATTRIBUTES, row)];
  return elements;
}
