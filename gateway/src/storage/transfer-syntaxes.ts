import { UID } from '../worklist/dimse';

/**
 * Which transfer syntax the storage SCP accepts in a presentation context, chosen as DCMTK's `storescp
 * +xa` ("accept all supported") chooses: the first syntax of our preference list that the context
 * proposes, lossless compressed before uncompressed. Stored as received, a compressed image keeps its
 * smaller size and needs no re-encoding, and an SCU that proposes a compressed syntax beside the
 * uncompressed ones in one context (storescu `+C`) can send it. When each syntax comes in a context of
 * its own (storescu's default, `-x…` and `-R`), every supported one is accepted and the SCU picks.
 *
 * Lossy syntaxes are never chosen unless the site allows them for For Presentation images
 * (`storage.accept_lossy_for_presentation`); For Processing images are raw data and never lossy. Even
 * then a lossy syntax comes after the uncompressed ones (storescp +xa would take it first): detail lost
 * to compression cannot be recovered, so it is accepted only when the SCU offers nothing else. A context
 * refused only because its syntaxes are lossy is reported to the caller so it can log it.
 */
export const LOSSLESS_COMPRESSED = [
  '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless Only
  '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.70', // JPEG Lossless, Non-Hierarchical, First-Order Prediction (SV1)
  '1.2.840.10008.1.2.4.57', // JPEG Lossless, Non-Hierarchical (Process 14)
  '1.2.840.10008.1.2.5', // RLE Lossless
] as const;

export const UNCOMPRESSED = [UID.explicitVrLittleEndian, UID.implicitVrLittleEndian] as const;

export const LOSSY = [
  '1.2.840.10008.1.2.4.91', // JPEG 2000 (lossy allowed)
  '1.2.840.10008.1.2.4.81', // JPEG-LS Lossy (Near-Lossless)
  '1.2.840.10008.1.2.4.50', // JPEG Baseline (Process 1), 8 bit
  '1.2.840.10008.1.2.4.51', // JPEG Extended (Process 2 & 4), 12 bit
] as const;

export const MG_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';

export interface SyntaxChoice {
  /** The accepted transfer syntax, or undefined when none of the proposed ones may be accepted. */
  chosen: string | undefined;
  /** True when the context was refused although it proposed a lossy syntax we could have taken. */
  lossyRefused: boolean;
}

export function chooseStorageSyntax(
  abstractSyntax: string,
  proposed: readonly string[],
  options: { acceptLossyForPresentation: boolean },
): SyntaxChoice {
  const lossyAllowed = options.acceptLossyForPresentation && abstractSyntax === MG_FOR_PRESENTATION;
  const preference: readonly string[] = [
    ...LOSSLESS_COMPRESSED,
    ...UNCOMPRESSED,
    ...(lossyAllowed ? LOSSY : []),
  ];
  const chosen = preference.find((ts) => proposed.includes(ts));
  const lossyRefused =
    chosen === undefined && !lossyAllowed && proposed.some((ts) => (LOSSY as readonly string[]).includes(ts));
  return { chosen, lossyRefused };
}
