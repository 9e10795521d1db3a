/**
 * Where Pixel Data starts in a received data set, found by walking the element headers (PS3.5 7.1)
 * without reading values. The attributes before it are what the gateway needs (UIDs, accession, pixel
 * module, laterality, dose): they are parsed on their own, so a 1 GB image never has to be in memory to
 * be checked and indexed. Only the little-endian syntaxes the storage SCP accepts are walked; in
 * explicit VR, an undefined-length UN value is implicit VR inside (PS3.5 6.2.2 Note 4).
 *
 * `NeedMoreBytes` means the buffer ended inside the attributes before Pixel Data: the caller reads more
 * of the file and tries again.
 */
export class NeedMoreBytes extends Error {
  override name = 'NeedMoreBytes';
}

export class MalformedDataset extends Error {
  override name = 'MalformedDataset';
}

export interface PixelDataLocation {
  /** Offset of the (7FE0,0010) tag: the attributes before it end here. */
  elementOffset: number;
  /** Offset of the value (the first item tag when encapsulated). */
  valueOffset: number;
  /** The value length; undefined when encapsulated (undefined length, items and fragments follow). */
  length: number | undefined;
}

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
/** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Deeper nesting than this is not a mammogram; refusing it keeps the walk's stack small. */
const MAX_DEPTH = 16;

interface Header {
  tag: number;
  vr: string | undefined;
  length: number;
  valueOffset: number;
}

class Walker {
  constructor(private readonly bytes: Buffer) {}

  need(end: number): void {
    if (end > this.bytes.length) throw new NeedMoreBytes();
  }

  tagAt(offset: number): number {
    this.need(offset + 4);
    return ((this.bytes.readUInt16LE(offset) << 16) | this.bytes.readUInt16LE(offset + 2)) >>> 0;
  }

  header(offset: number, explicit: boolean): Header {
    const tag = this.tagAt(offset);
    if (!explicit || tag >>> 16 === 0xfffe) {
      this.need(offset + 8);
      return { tag, vr: undefined, length: this.bytes.readUInt32LE(offset + 4), valueOffset: offset + 8 };
    }
    this.need(offset + 8);
    const vr = this.bytes.toString('latin1', offset + 4, offset + 6);
    if (!/^[A-Z]{2}$/.test(vr)) throw new MalformedDataset(`invalid VR at byte ${offset}`);
    if (!LONG_VRS.has(vr))
      return { tag, vr, length: this.bytes.readUInt16LE(offset + 6), valueOffset: offset + 8 };
    this.need(offset + 12);
    return { tag, vr, length: this.bytes.readUInt32LE(offset + 8), valueOffset: offset + 12 };
  }

  /** Skips the items of an undefined-length value up to its sequence delimiter; returns the offset after it. */
  skipItems(offset: number, explicit: boolean, depth: number): number {
    if (depth > MAX_DEPTH) throw new MalformedDataset('sequences nested too deeply');
    for (;;) {
      const item = this.header(offset, false);
      if (item.tag === SEQUENCE_END) return item.valueOffset;
      if (item.tag !== ITEM) throw new MalformedDataset(`expected an item at byte ${offset}`);
      offset =
        item.length === UNDEFINED
          ? this.skipElements(item.valueOffset, explicit, depth + 1)
          : item.valueOffset + item.length;
    }
  }

  /** Skips the elements of an undefined-length item up to its delimiter; returns the offset after it. */
  private skipElements(offset: number, explicit: boolean, depth: number): number {
    for (;;) {
      const element = this.header(offset, explicit);
      if (element.tag === ITEM_END) return element.valueOffset;
      offset = this.skipValue(element, explicit, depth);
    }
  }

  skipValue(element: Header, explicit: boolean, depth: number): number {
    if (element.length !== UNDEFINED) return element.valueOffset + element.length;
    return this.skipItems(element.valueOffset, explicit && element.vr !== 'UN', depth);
  }
}

export interface DatasetLayout {
  /** Where the attributes the gateway reads end: at Pixel Data, at the first tag after it, or the end. */
  headerEnd: number;
  pixels: PixelDataLocation | undefined;
}

/**
 * Walks `bytes` (the data set from its first byte) to top-level Pixel Data. `complete` says whether
 * `bytes` is the whole data set; if not, running out of bytes before Pixel Data is `NeedMoreBytes`.
 */
export function locatePixelData(bytes: Buffer, explicit: boolean, complete: boolean): DatasetLayout {
  const walker = new Walker(bytes);
  let offset = 0;
  for (;;) {
    if (offset >= bytes.length) {
      if (!complete) throw new NeedMoreBytes();
      if (offset > bytes.length) throw new MalformedDataset('the last attribute is cut short');
      return { headerEnd: bytes.length, pixels: undefined };
    }
    const element = walker.header(offset, explicit);
    if (element.tag === PIXEL_DATA)
      return {
        headerEnd: offset,
        pixels: {
          elementOffset: offset,
          valueOffset: element.valueOffset,
          length: element.length === UNDEFINED ? undefined : element.length,
        },
      };
    if (element.tag > PIXEL_DATA) return { headerEnd: offset, pixels: undefined };
    offset = walker.skipValue(element, explicit, 0);
  }
}

/** One encapsulated item (PS3.5 A.4): its value's offset and length, or the end of the fragments. */
export function itemAt(bytes: Buffer, offset: number): { valueOffset: number; length: number } | 'end' {
  const walker = new Walker(bytes);
  const item = walker.header(offset, false);
  if (item.tag === SEQUENCE_END) return 'end';
  if (item.tag !== ITEM || item.length === UNDEFINED)
    throw new MalformedDataset(`expected a pixel data fragment at byte ${offset}`);
  return { valueOffset: item.valueOffset, length: item.length };
}
