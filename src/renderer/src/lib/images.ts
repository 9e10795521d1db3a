import type { StudyImageView } from '#shared/ipc/views';

/**
 * Mammogram thumbnails on the appointment screen. The four standard views are shown as radiographers
 * hang them (right then left, cranio-caudal then oblique), so a missing view is a visible gap in a
 * familiar pattern; anything else follows in the order it was taken.
 */
export const STANDARD_VIEW_ORDER = ['RCC', 'LCC', 'RMLO', 'LMLO'] as const;

function viewRank(label: string | null): number {
  const index = label === null ? -1 : (STANDARD_VIEW_ORDER as readonly string[]).indexOf(label.toUpperCase());
  return index >= 0 ? index : STANDARD_VIEW_ORDER.length;
}

/** Standard views first in RCC, LCC, RMLO, LMLO order; repeats of a view and other images by time taken. */
export function orderImages(images: readonly StudyImageView[]): StudyImageView[] {
  return images
    .map((image, index) => ({ image, index }))
    .sort(
      (a, b) =>
        viewRank(a.image.label) - viewRank(b.image.label) ||
        Date.parse(a.image.acquiredAt) - Date.parse(b.image.acquiredAt) ||
        a.index - b.index,
    )
    .map(({ image }) => image);
}

/**
 * The standard views not among the images yet, once at least one has arrived ("LMLO" still to come,
 * or never taken: staff judge which). Nothing before the first image: there is no gap to point at.
 */
export function missingStandardViews(images: readonly Pick<StudyImageView, 'label'>[]): string[] {
  if (images.length === 0) return [];
  const present = new Set(images.map((image) => image.label?.toUpperCase()));
  return STANDARD_VIEW_ORDER.filter((view) => !present.has(view));
}

/**
 * Only inline PNG or JPEG thumbnails are put in an `<img>`: that is what main sends, and what the
 * page's CSP (`img-src 'self' data:`) allows; anything else is shown as missing, not requested.
 */
export function isDisplayableThumbnail(src: string): boolean {
  return /^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/.test(src);
}

/** "RCC mammogram thumbnail", or "Mammogram thumbnail" when the image names no view. */
export function imageAltText(image: Pick<StudyImageView, 'label'>): string {
  const label = image.label?.trim();
  return label ? `${label} mammogram thumbnail` : 'Mammogram thumbnail';
}

/** Dose attributes the gateway sends, in the order and words radiographers read them. */
const DOSE_FIELDS: ReadonlyArray<{ key: string; format: (value: string) => string }> = [
  { key: 'organ_dose_dgy', format: (v) => `Organ dose ${v} dGy` },
  { key: 'entrance_dose_mgy', format: (v) => `Entrance dose ${v} mGy` },
  { key: 'kvp', format: (v) => `${v} kV` },
  { key: 'exposure_mas', format: (v) => `${v} mAs` },
  { key: 'compressed_breast_thickness_mm', format: (v) => `Compressed thickness ${v} mm` },
];

/** Up to four significant figures, without trailing zeros or exponents: 0.012, 29, 1.234. */
export function formatDoseNumber(value: number): string {
  const rounded = Number(value.toPrecision(4));
  return rounded.toLocaleString('en-GB', { maximumFractionDigits: 20, useGrouping: false });
}

/** `some_new_value` → "Some new value", for attributes this screen does not know yet. */
function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * "Organ dose 0.012 dGy, 29 kV": the dose values an image carried, known ones first in a fixed
 * order, then any others by name. Null when there are none to show.
 */
export function formatDose(dose: Readonly<Record<string, number>> | null): string | null {
  if (!dose) return null;
  const parts: string[] = [];
  const known = new Set<string>();
  for (const field of DOSE_FIELDS) {
    known.add(field.key);
    const value = dose[field.key];
    if (typeof value === 'number' && Number.isFinite(value))
      parts.push(field.format(formatDoseNumber(value)));
  }
  for (const key of Object.keys(dose).sort()) {
    const value = dose[key];
    if (known.has(key) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    parts.push(`${humanise(key)} ${formatDoseNumber(value)}`);
  }
  return parts.length > 0 ? parts.join(', ') : null;
}
