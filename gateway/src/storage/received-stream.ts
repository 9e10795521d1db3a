import { Writable } from 'node:stream';
import { dimse } from '../worklist/dimse';

/**
 * How a C-STORE data set arrives. dcmjs-dimse writes each P-DATA fragment into a stream we create
 * (`createStoreWritableStream`) and asks us for a Dataset when the last one is in
 * (`createDatasetFromStoreWritableStream`). We keep the exact bytes, because the stored file must be
 * what the modality sent, and parse them once for the attributes. A data set that does not parse is
 * handed on as a `ReceivedDataset` with `parseError` set, so the SCP can answer C000 instead of the
 * library dropping the association.
 */
export const MAX_INSTANCE_BYTES = 1024 ** 3;

export class ReceivedStream extends Writable {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  tooLarge = false;

  constructor() {
    // Every write completes at once; a high mark keeps dcmjs-dimse from waiting on 'drain' per fragment.
    super({ highWaterMark: 64 * 1024 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.length + chunk.length > MAX_INSTANCE_BYTES) this.tooLarge = true;
    if (!this.tooLarge) {
      this.chunks.push(Buffer.from(chunk));
      this.length += chunk.length;
    }
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

export class ReceivedDataset extends dimse.Dataset {
  parseError: string | undefined;
  tooLarge = false;
  bytes: Buffer = Buffer.alloc(0);
}

export function parseReceived(stream: ReceivedStream, transferSyntaxUid: string): ReceivedDataset {
  const bytes = stream.tooLarge ? Buffer.alloc(0) : stream.bytes();
  let dataset: ReceivedDataset;
  try {
    dataset = new ReceivedDataset(bytes, transferSyntaxUid);
  } catch (error) {
    dataset = new ReceivedDataset({}, transferSyntaxUid);
    dataset.parseError = error instanceof Error ? error.name : 'Error';
  }
  dataset.bytes = bytes;
  dataset.tooLarge = stream.tooLarge;
  return dataset;
}
