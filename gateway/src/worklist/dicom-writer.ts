/**
 * A small DICOM data set writer (PS3.5 chapter 7) for C-FIND response identifiers, in Implicit or
 * Explicit VR Little Endian, the two transfer syntaxes the SCP accepts.
 *
 * Why not dcmjs: its writer allocates generously per data set and nested item (about half a
 * millisecond each), which made a 60-item worklist answer cost tens of milliseconds before anything
 * reached the wire. The identifiers we send are a fixed, short list of text attributes and one
 * sequence, so writing them directly is simple; every response shape is checked end to end by the
 * DCMTK interop tests (findscu + dcm2json) and, in unit tests, by decoding with dcmjs.
 *
 * Text is written as UTF-8, which is what the `ISO_IR 192` Specific Character Set we always send
 * declares. Values are padded to even length (UI with NUL, others with space) as PS3.5 6.2 requires.
 */
export type TextVr = 'AE' | 'CS' | 'DA' | 'DS' | 'LO' | 'PN' | 'SH' | 'TM' | 'UI';

export type DicomElement =
  { tag: number; vr: TextVr; value: string } | { tag: number; vr: 'SQ'; items: DicomElement[][] };

const ITEM = 0xfffee000;
const MAX_SHORT_LENGTH = 0xfffe;

function tagBytes(tag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
}

function header(tag: number, vr: string, length: number, explicitVr: boolean): Buffer {
  if (!explicitVr) {
    const b = Buffer.alloc(8);
    tagBytes(tag).copy(b, 0);
    b.writeUInt32LE(length, 4);
    return b;
  }
  if (vr === 'SQ') {
    // SQ uses the long form: VR, two reserved bytes, 32-bit length (PS3.5 7.1.2).
    const b = Buffer.alloc(12);
    tagBytes(tag).copy(b, 0);
    b.write(vr, 4, 'latin1');
    b.writeUInt32LE(length, 8);
    return b;
  }
  if (length > MAX_SHORT_LENGTH)
    throw new Error(`value of ${tag.toString(16).padStart(8, '0')} too long for ${vr}`);
  const b = Buffer.alloc(8);
  tagBytes(tag).copy(b, 0);
  b.write(vr, 4, 'latin1');
  b.writeUInt16LE(length, 6);
  return b;
}

function textValue(vr: TextVr, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([vr === 'UI' ? 0x00 : 0x20])]);
}

function encodeElements(elements: readonly DicomElement[], explicitVr: boolean, out: Buffer[]): void {
  // Data elements must appear in ascending tag order (PS3.5 7.1).
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  for (const element of sorted) {
    if (element.vr === 'SQ') {
      const items = element.items.map((item) => {
        const body = encodeDataset(item, explicitVr);
        return Buffer.concat([header(ITEM, '', body.length, false), body]);
      });
      const length = items.reduce((n, b) => n + b.length, 0);
      out.push(header(element.tag, 'SQ', length, explicitVr), ...items);
    } else {
      const value = textValue(element.vr, element.value);
      out.push(header(element.tag, element.vr, value.length, explicitVr), value);
    }
  }
}

export function encodeDataset(elements: readonly DicomElement[], explicitVr: boolean): Buffer {
  const out: Buffer[] = [];
  encodeElements(elements, explicitVr, out);
  return Buffer.concat(out);
}
