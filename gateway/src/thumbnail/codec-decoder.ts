import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Decodes compressed pixel data for thumbnails with dcmjs-dimse's `Transcoding` (dcmjs-codecs, a
 * WebAssembly build of CharLS, OpenJPEG, libjpeg-turbo and an RLE codec, shipped as a dependency of
 * dcmjs-dimse). It runs in a worker thread, one image at a time: decoding a full-field mammogram takes
 * 0.2 s (RLE) to 3.5 s (JPEG 2000) of CPU, which must not stall the worklist, MPPS and relay sessions
 * on the main thread; the worker also takes the codec's memory with it when it ends.
 *
 * The worker's code is a plain CommonJS string (`eval`), so it needs no build step or loader of its
 * own under tsx, vitest and the esbuild bundle alike; it loads dcmjs-dimse from the path resolved here.
 * Only thumbnails depend on it: a decoder failure or timeout means a "no preview" placeholder, never a
 * refused image.
 */
export const DECODABLE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.5', // RLE Lossless
  '1.2.840.10008.1.2.4.70', // JPEG Lossless, first-order prediction (SV1)
  '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
]);

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const dimse = require(workerData.dimsePath);
dimse.log.setLevel('silent');
(async () => {
  await dimse.Transcoding.initializeAsync();
  const input = new dimse.Dataset(workerData.elements, workerData.transferSyntaxUid);
  const output = dimse.Transcoding.transcodeDataset(input, '1.2.840.10008.1.2.1');
  const pixels = output.getElement('PixelData');
  const frame = Array.isArray(pixels) ? pixels[0] : pixels;
  if (!(frame instanceof ArrayBuffer)) throw new Error('no decoded pixel data');
  parentPort.postMessage({ frame }, [frame]);
})().catch((error) => parentPort.postMessage({ error: (error && error.name) || 'Error' }));
`;

/** The pixel-module attributes the codecs need; nothing else (no patient data) crosses to the worker. */
const PIXEL_KEYS = [
  'Rows',
  'Columns',
  'BitsAllocated',
  'BitsStored',
  'HighBit',
  'PixelRepresentation',
  'SamplesPerPixel',
  'PhotometricInterpretation',
  'PlanarConfiguration',
  'NumberOfFrames',
  'PixelData',
];

let dimsePath: string | undefined;

/** dcmjs wraps multi-valued values in proxies, which structured clone refuses: copy them to plain arrays. */
function cloneable(value: unknown): unknown {
  return Array.isArray(value) ? Array.from(value as unknown[], cloneable) : value;
}

export class CodecDecoder {
  private queue: Promise<unknown> = Promise.resolve();
  private active: Worker | undefined;

  constructor(private readonly timeoutMs = 60_000) {}

  /** The first frame, decoded to native little-endian bytes; rejects on failure or timeout. */
  decode(elements: Record<string, unknown>, transferSyntaxUid: string): Promise<Uint8Array> {
    const run = this.queue.then(() => this.decodeNow(elements, transferSyntaxUid));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private decodeNow(elements: Record<string, unknown>, transferSyntaxUid: string): Promise<Uint8Array> {
    dimsePath ??= createRequire(__filename).resolve('dcmjs-dimse');
    const pixelElements = Object.fromEntries(
      PIXEL_KEYS.filter((k) => k in elements).map((k) => [k, cloneable(elements[k])]),
    );
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_CODE, {
        eval: true,
        workerData: { dimsePath, elements: pixelElements, transferSyntaxUid },
        stdout: true,
        stderr: true,
      });
      this.active = worker;
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`decoder timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        if (this.active === worker) this.active = undefined;
        void worker.terminate();
      };
      worker.once('message', (message: { frame?: ArrayBuffer; error?: string }) => {
        done();
        if (message.frame) resolve(new Uint8Array(message.frame));
        else reject(new Error(`decoder failed (${message.error ?? 'unknown'})`));
      });
      worker.once('error', (error) => {
        done();
        reject(error);
      });
      worker.once('exit', () => {
        done();
        reject(new Error('decoder exited'));
      });
    });
  }

  /** Stops a decode in progress (its image gets the placeholder); used when the gateway stops. */
  close(): void {
    void this.active?.terminate();
  }
}
