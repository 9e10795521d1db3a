import type { Elements } from '../return-path/dicom-values';
import { DECODABLE_TRANSFER_SYNTAXES, type CodecDecoder } from './codec-decoder';
import { displayOptions, nativePixelBytes, pixelFrame } from './pixel-attributes';
import { PLACEHOLDER_HEIGHT, PLACEHOLDER_WIDTH, placeholderPng } from './placeholder';
import { encodePng } from './png';
import { render, type PixelFrame } from './render';

/**
 * The reduced copy sent to the clinic screen with `study.image_received`: a greyscale PNG, longest side
 * ≤ 400 px and at most ~60 kB of base64 (a noisy full-field mammogram at 400 px may not fit, so the
 * side shrinks until it does). When the pixels cannot be read, the "NO PREVIEW" placeholder is sent
 * and `preview` is false; a thumbnail never decides whether an image is stored.
 */
export const THUMBNAIL_MAX_SIDE = 400;
export const THUMBNAIL_MAX_BASE64 = 60_000;
const MIN_SIDE = 96;

export const NATIVE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2', // Implicit VR Little Endian
  '1.2.840.10008.1.2.1', // Explicit VR Little Endian
]);

export interface Thumbnail {
  mime: 'image/png';
  width: number;
  height: number;
  data: string;
  /** False when this is the placeholder; `reason` says why, in plain words (no patient data). */
  preview: boolean;
  reason?: string;
}

export function placeholder(reason: string): Thumbnail {
  return {
    mime: 'image/png',
    width: PLACEHOLDER_WIDTH,
    height: PLACEHOLDER_HEIGHT,
    data: placeholderPng().toString('base64'),
    preview: false,
    reason,
  };
}

/** Renders a frame as a PNG within the size budget, shrinking the longest side as needed. */
export function thumbnailOf(frame: PixelFrame, elements: Elements): Thumbnail {
  let side = THUMBNAIL_MAX_SIDE;
  for (;;) {
    const image = render(frame, displayOptions(elements, side));
    const data = encodePng(image.gray, image.width, image.height).toString('base64');
    if (data.length <= THUMBNAIL_MAX_BASE64)
      return { mime: 'image/png', width: image.width, height: image.height, data, preview: true };
    const next = Math.floor(side * Math.sqrt(THUMBNAIL_MAX_BASE64 / data.length) * 0.95);
    if (next < MIN_SIDE) return placeholder('thumbnail too large to send');
    side = next;
  }
}

/** The first frame's native bytes: straight from the data set, or through the codec worker. */
async function frameBytes(
  elements: Elements,
  transferSyntaxUid: string,
  decoder: CodecDecoder | undefined,
): Promise<Uint8Array | string> {
  if (NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUid))
    return nativePixelBytes(elements.PixelData) ?? 'no pixel data';
  if (!decoder || !DECODABLE_TRANSFER_SYNTAXES.has(transferSyntaxUid))
    return `no decoder for transfer syntax ${transferSyntaxUid}`;
  return decoder.decode(elements, transferSyntaxUid);
}

export async function makeThumbnail(
  elements: Elements,
  transferSyntaxUid: string,
  decoder: CodecDecoder | undefined,
): Promise<Thumbnail> {
  try {
    const bytes = await frameBytes(elements, transferSyntaxUid, decoder);
    if (typeof bytes === 'string') return placeholder(bytes);
    const frame = pixelFrame(elements, bytes);
    return frame.ok ? thumbnailOf(frame.frame, elements) : placeholder(frame.reason);
  } catch (error) {
    return placeholder(error instanceof Error ? error.message.slice(0, 200) : 'thumbnail failed');
  }
}
