import { decodeSessionFrame, importVerifyKey, verifySessionFrame } from 'modality-link-protocol';

/** True when a frame from the gateway verifies with the gateway's published key. */
export async function verifyGatewayFrame(
  frame: Record<string, unknown>,
  publicKey: string,
): Promise<boolean> {
  const decoded = decodeSessionFrame(JSON.stringify(frame));
  if (!decoded.ok) return false;
  const key = await importVerifyKey(publicKey);
  const verdict = await verifySessionFrame(decoded.value, decoded.raw, { get: () => key }, new Date());
  return verdict.ok;
}
