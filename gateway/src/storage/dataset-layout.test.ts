import { describe, expect, it } from 'vitest';
import { itemAt, locatePixelData, MalformedDataset, NeedMoreBytes } from './dataset-layout';

/**
 * The element walk that finds Pixel Data without reading values, on hand-built data sets (PS3.5 7.1):
 * explicit and implicit VR, nested undefined-length sequences, an undefined-length UN (implicit inside),
 * encapsulated pixel data, and data sets cut short.
 */
const tag = (group: number, element: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(group, 0);
  b.writeUInt16LE(element, 2);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
};
const UNDEFINED = 0xffffffff;
const explicitShort = (g: number, e: number, vr: string, value: Buffer) =>
  Buffer.concat([tag(g, e), Buffer.from(vr), u16(value.length), value]);
const explicitLong = (g: number, e: number, vr: string, length: number, value = Buffer.alloc(0)) =>
  Buffer.concat([tag(g, e), Buffer.from(vr), Buffer.alloc(2), u32(length), value]);
const implicit = (g: number, e: number, length: number, value = Buffer.alloc(0)) =>
  Buffer.concat([tag(g, e), u32(length), value]);
const item = (length: number, value = Buffer.alloc(0)) =>
  Buffer.concat([tag(0xfffe, 0xe000), u32(length), value]);
const itemEnd = Buffer.concat([tag(0xfffe, 0xe00d), u32(0)]);
const sequenceEnd = Buffer.concat([tag(0xfffe, 0xe0dd), u32(0)]);

const accession = (explicit: boolean) =>
  explicit
    ? explicitShort(0x0008, 0x0050, 'SH', Buffer.from('ACC1'))
    : implicit(0x0008, 0x0050, 4, Buffer.from('ACC1'));

describe('locating Pixel Data', () => {
  it('skips nested undefined-length sequences and an undefined-length UN in explicit VR', () => {
    const nested = Buffer.concat([
      explicitLong(0x0040, 0x0275, 'SQ', UNDEFINED),
      item(UNDEFINED, Buffer.concat([explicitShort(0x0008, 0x0100, 'SH', Buffer.from('CODE')), itemEnd])),
      sequenceEnd,
    ]);
    const unknown = Buffer.concat([
      explicitLong(0x0009, 0x1010, 'UN', UNDEFINED),
      item(UNDEFINED, Buffer.concat([implicit(0x0009, 0x1011, 2, Buffer.from('ab')), itemEnd])),
      sequenceEnd,
    ]);
    const before = Buffer.concat([
      accession(true),
      nested,
      unknown,
      explicitLong(0x0028, 0x2000, 'OB', 4, Buffer.alloc(4)),
    ]);
    const bytes = Buffer.concat([before, explicitLong(0x7fe0, 0x0010, 'OW', 8, Buffer.alloc(8))]);
    expect(locatePixelData(bytes, true, true)).toEqual({
      headerEnd: before.length,
      pixels: { elementOffset: before.length, valueOffset: before.length + 12, length: 8 },
    });
  });

  it('walks Implicit VR, where an undefined length means a sequence', () => {
    const before = Buffer.concat([
      accession(false),
      implicit(0x0040, 0x0275, UNDEFINED),
      item(UNDEFINED, Buffer.concat([implicit(0x0008, 0x0100, 4, Buffer.from('CODE')), itemEnd])),
      item(4, Buffer.from('zzzz')),
      sequenceEnd,
    ]);
    const bytes = Buffer.concat([before, implicit(0x7fe0, 0x0010, 2, Buffer.alloc(2))]);
    expect(locatePixelData(bytes, false, true).pixels).toEqual({
      elementOffset: before.length,
      valueOffset: before.length + 8,
      length: 2,
    });
  });

  it('reports encapsulated Pixel Data with no length, and reads its items', () => {
    const before = accession(true);
    const pixels = Buffer.concat([item(0), item(6, Buffer.from('JPEGLS')), sequenceEnd]);
    const bytes = Buffer.concat([before, explicitLong(0x7fe0, 0x0010, 'OB', UNDEFINED), pixels]);
    const found = locatePixelData(bytes, true, true).pixels!;
    expect(found.length).toBeUndefined();
    expect(itemAt(bytes, found.valueOffset)).toEqual({ valueOffset: found.valueOffset + 8, length: 0 });
    expect(itemAt(bytes, found.valueOffset + 8)).toEqual({ valueOffset: found.valueOffset + 16, length: 6 });
    expect(itemAt(bytes, found.valueOffset + 22)).toBe('end');
  });

  it('ends the attributes at the first tag after Pixel Data, or at the end of a data set without it', () => {
    const bytes = Buffer.concat([accession(true), explicitLong(0xfffc, 0xfffc, 'OB', 2, Buffer.alloc(2))]);
    expect(locatePixelData(bytes, true, true)).toEqual({
      headerEnd: accession(true).length,
      pixels: undefined,
    });
    expect(locatePixelData(accession(true), true, true)).toEqual({
      headerEnd: accession(true).length,
      pixels: undefined,
    });
  });

  it('asks for more bytes when a partial read ends before Pixel Data, and refuses what is malformed', () => {
    const bytes = Buffer.concat([
      accession(true),
      explicitLong(0x0028, 0x2000, 'OB', 1000, Buffer.alloc(1000)),
    ]);
    expect(() => locatePixelData(bytes.subarray(0, 20), true, false)).toThrow(NeedMoreBytes);
    expect(() => locatePixelData(bytes, true, false)).toThrow(NeedMoreBytes);
    expect(() => locatePixelData(bytes.subarray(0, 500), true, true)).toThrow(MalformedDataset);
    const badVr = Buffer.concat([tag(0x0008, 0x0050), Buffer.from('s!'), u16(0)]);
    expect(() => locatePixelData(badVr, true, true)).toThrow('invalid VR at byte 0');
    const notAnItem = Buffer.concat([
      explicitLong(0x0040, 0x0275, 'SQ', UNDEFINED),
      tag(0x0008, 0x0050),
      u32(0),
    ]);
    expect(() => locatePixelData(notAnItem, true, true)).toThrow('expected an item at byte 12');
  });
});
