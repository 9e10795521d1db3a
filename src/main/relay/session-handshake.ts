import {
  importVerifyKey,
  PROTOCOL_NAME,
  signFrame,
  type HelloFrame,
  type KeyHandle,
} from '../../shared/protocol';
import { DeliveryFailure } from './delivery-failure';
import type { WorkstationIdentity } from './workstation-identity';

/**
 * The pieces of a `modality-link/1` handshake that need no session state: the gateway's enrolled key,
 * without which the gateway cannot be authenticated, and the signed `hello` that opens a session.
 */
export async function importGatewayKey(
  gatewayPublicKey: string | null,
  gatewayName: string,
): Promise<KeyHandle> {
  if (!gatewayPublicKey) {
    throw new DeliveryFailure(
      'credentials_rejected',
      `The signing key of "${gatewayName}" is not enrolled on this workstation, so it cannot be authenticated.`,
    );
  }
  try {
    return await importVerifyKey(gatewayPublicKey);
  } catch (error) {
    throw new DeliveryFailure(
      'credentials_rejected',
      `The enrolled signing key of "${gatewayName}" is not valid: ${(error as Error).message}`,
    );
  }
}

export function signedHello(identity: WorkstationIdentity, nonce: string, now: Date): Promise<HelloFrame> {
  return signFrame<HelloFrame>(
    {
      kind: 'hello',
      protocol: PROTOCOL_NAME,
      versions: [1],
      workstation_id: identity.workstationId,
      nonce,
      timestamp: now.toISOString(),
    },
    identity.signingKey,
  );
}
