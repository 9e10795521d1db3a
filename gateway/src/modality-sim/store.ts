import { exchange, finalResponse, type Peer } from './association';
import { dimse, isSuccessOrWarning, statusText } from './dimse';
import type { PreparedImage } from './images';
import type { SimulatorOptions } from './options';
import type { View } from './views';

/**
 * Step 4 at the modality: send the images to the archive (here: the gateway's storage SCP). All views go
 * over one association, as units do at the end of an examination; each gets its own C-STORE status.
 */
export interface StoredImage {
  view: View;
  sopClassUid: string;
  sopInstanceUid: string;
  /** The C-STORE response status; undefined when no response came (refused, not negotiated, dropped). */
  status?: number;
  /** `Success`, `Failure: …`, or why nothing was sent. */
  result: string;
  ok: boolean;
}

export type LogLine = (line: string) => void;

export const storagePeer = (options: SimulatorOptions): Peer => ({
  host: options.host,
  port: options.storePort,
  calledAe: options.storeAe,
  callingAe: options.ae,
});

export async function storeImages(
  options: SimulatorOptions,
  images: readonly PreparedImage[],
  log: LogLine,
  prefix = '',
): Promise<StoredImage[]> {
  if (images.length === 0) return [];
  const requests = images.map((image) => new dimse.requests.CStoreRequest(image.dataset));
  let results: StoredImage[];
  try {
    const outcomes = await exchange(storagePeer(options), requests, options.timeoutMs);
    results = images.map((image, i) => {
      const outcome = outcomes[i]!;
      const response = finalResponse(outcome);
      const base = { view: image.view, sopClassUid: image.sopClassUid, sopInstanceUid: image.sopInstanceUid };
      if (!outcome.accepted)
        return { ...base, ok: false, result: `not sent: ${options.storeAe} does not accept this SOP class` };
      if (!response) return { ...base, ok: false, result: 'no response (association closed)' };
      const status = response.getStatus();
      return { ...base, status, ok: isSuccessOrWarning(status), result: statusText(status) };
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    results = images.map((image) => ({
      view: image.view,
      sopClassUid: image.sopClassUid,
      sopInstanceUid: image.sopInstanceUid,
      ok: false,
      result: `not sent: ${reason}`,
    }));
  }
  for (const r of results)
    log(r.ok ? `${prefix}stored ${r.view}: ${r.result}` : `${prefix}store ${r.view} failed: ${r.result}`);
  return results;
}
