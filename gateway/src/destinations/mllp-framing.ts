/**
 * Minimal Lower Layer Protocol (HL7 v2 over TCP): each message is `<VT> message <FS><CR>`
 * (0x0b … 0x1c 0x0d). TCP delivers a byte stream, so a frame can arrive in pieces or several in one
 * chunk; the reader buffers until a whole frame is there and skips bytes outside frames.
 */
const VT = 0x0b;
const FS = 0x1c;
export const CR = 0x0d;

export function frameMllp(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}

export class MllpReader {
  private buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = 1024 * 1024) {}

  /** Adds received bytes; returns the messages completed by them, decoded as UTF-8. */
  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      const start = this.buffer.indexOf(VT);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        break;
      }
      const end = this.buffer.indexOf(Buffer.from([FS, CR]), start + 1);
      if (end < 0) {
        this.buffer = this.buffer.subarray(start);
        if (this.buffer.length > this.maxFrameBytes) throw new Error('MLLP frame too large');
        break;
      }
      messages.push(this.buffer.subarray(start + 1, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 2);
    }
    return messages;
  }
}
