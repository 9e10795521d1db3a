import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../worklist/dimse';

/**
 * The DICOM file wrapper (PS3.10 7.1): a 128-byte preamble, `DICM`, and the File Meta Information group
 * in Explicit VR Little Endian. The received data set follows byte for byte in the transfer syntax it
 * came in, so the stored file is exactly what the modality sent behind a header we wrote.
 */
export interface FileMeta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The calling AE title of the association that sent it (0002,0016). */
  sourceAeTitle: string;
}

function element(group: number, elementNo: number, vr: string, value: Buffer): Buffer {
  const long = vr === 'OB';
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNo, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** UI values are padded with NUL, text with a space, to even length (PS3.5 6.2). */
function padded(text: string, pad: number): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([pad])]);
}

export function fileMetaHeader(meta: FileMeta): Buffer {
  const body = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0x00, 0x01])),
    element(0x0002, 0x0002, 'UI', padded(meta.sopClassUid, 0)),
    element(0x0002, 0x0003, 'UI', padded(meta.sopInstanceUid, 0)),
    element(0x0002, 0x0010, 'UI', padded(meta.transferSyntaxUid, 0)),
    element(0x0002, 0x0012, 'UI', padded(IMPLEMENTATION_CLASS_UID, 0)),
    element(0x0002, 0x0013, 'SH', padded(IMPLEMENTATION_VERSION_NAME, 0x20)),
    element(0x0002, 0x0016, 'AE', padded(meta.sourceAeTitle.slice(0, 16), 0x20)),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0000, 'UL', length),
    body,
  ]);
}
