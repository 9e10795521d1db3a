import type { ImageReceivedData } from 'modality-link-protocol';
import { items, num, text, type Elements } from '../return-path/dicom-values';

/**
 * What the clinic screen shows next to a thumbnail: which breast, which view, and the dose the modality
 * recorded. Read from the DX/MG image modules (PS3.3 C.8.11.7 Mammography Image, C.8.11.2 DX Anatomy
 * Imaged, C.8.7.8 X-Ray Acquisition Dose).
 */
export type Laterality = 'L' | 'R' | 'B';

/** ImageLaterality (0020,0062), else Laterality (0020,0060); `U` (unpaired) and anything else: null. */
export function laterality(elements: Elements): Laterality | null {
  for (const key of ['ImageLaterality', 'Laterality']) {
    const value = text(elements[key]).toUpperCase();
    if (value === 'L' || value === 'R' || value === 'B') return value;
  }
  return null;
}

/**
 * Mammography views (CID 4014 View for Mammography) to the ACR MQCM abbreviations radiographers use, by
 * code value (the SNOMED-RT `R-` codes of CID 4014 and the SNOMED CT ids of the five common views) and
 * else by code meaning; view modifiers (spot, magnification, cleavage, …) are not part of the view.
 */
const VIEW_CODES: Record<string, string> = {
  '399067008': 'ML',
  'R-10224': 'ML',
  '399368009': 'MLO',
  'R-10226': 'MLO',
  '399352003': 'LM',
  'R-10228': 'LM',
  '399099002': 'LMO',
  'R-10230': 'LMO',
  '399162004': 'CC',
  'R-10242': 'CC',
  'R-10244': 'FB',
  'R-102D0': 'SIO',
  'R-40AAA': 'ISO',
  'R-1024A': 'XCCL',
  'R-1024B': 'XCCM',
};

const VIEW_MEANINGS: Record<string, string> = {
  'medio-lateral': 'ML',
  'medio-lateral oblique': 'MLO',
  'latero-medial': 'LM',
  'latero-medial oblique': 'LMO',
  'cranio-caudal': 'CC',
  'caudo-cranial (from below)': 'FB',
  'superolateral to inferomedial oblique': 'SIO',
  'inferomedial to superolateral oblique': 'ISO',
  'cranio-caudal exaggerated laterally': 'XCCL',
  'cranio-caudal exaggerated medially': 'XCCM',
};

/** ViewCodeSequence (0054,0220) mapped to CC/MLO/…, else ViewPosition (0018,5101); null when neither. */
export function view(elements: Elements): string | null {
  const code = items(elements.ViewCodeSequence)[0];
  if (code) {
    const byValue = VIEW_CODES[text(code.CodeValue)];
    if (byValue) return byValue;
    const byMeaning = VIEW_MEANINGS[text(code.CodeMeaning).toLowerCase()];
    if (byMeaning) return byMeaning;
  }
  const position = text(elements.ViewPosition).toUpperCase();
  return position === '' ? null : position.slice(0, 16);
}

/**
 * Dose attributes when present, in DICOM's units. Exposure in mAs comes from ExposureInmAs (0018,9332),
 * else ExposureInuAs (0018,1153) / 1000, else Exposure (0018,1152), which is in mAs.
 */
export function dose(elements: Elements): ImageReceivedData['dose'] {
  const exposureUas = num(elements.ExposureInuAs);
  const values = {
    organ_dose_dgy: num(elements.OrganDose),
    entrance_dose_mgy: num(elements.EntranceDoseInmGy),
    kvp: num(elements.KVP),
    exposure_mas:
      num(elements.ExposureInmAs) ??
      (exposureUas !== undefined ? exposureUas / 1000 : num(elements.Exposure)),
    compressed_breast_thickness_mm: num(elements.BodyPartThickness),
  };
  const present = Object.entries(values).filter(([, v]) => v !== undefined);
  return present.length === 0 ? undefined : Object.fromEntries(present);
}
