import type { RelayedSocket } from 'hyco-ws';
import {
  importVerifyKey,
  PROTOCOL_NAME,
  randomUUID,
  signFrame,
  type HelloFrame,
  type HelloOkFrame,
  type KeyHandle,
} from 'modality-link-protocol';
import { DeliveryFailure } from './delivery-failure';
import type { WorkstationIdentity } from './workstation-identity';

/**
 * The pieces of a `modality-link/1` handshake: the gateway's enrolled key, without which the gateway
 * cannot be authenticated, and the challenge → hello → hello_ok exchange that opens a session.
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

/** The hello, signing the gateway's challenge for this connection (a copy is useless on any other). */
export function signedHello(
  identity: WorkstationIdentity,
  nonce: string,
  challenge: string,
  now: Date,
): Promise<HelloFrame> {
  return signFrame<HelloFrame>(
    {
      kind: 'hello',
      protocol: PROTOCOL_NAME,
      versions: [1],
      workstation_id: identity.workstationId,
      nonce,
      challenge,
      timestamp: now.toISOString(),
    },
    identity.signingKey,
  );
}

/**
 * One connection's handshake. The gateway speaks first (its challenge), possibly before the socket is
 * handed over, so the challenge is kept until both are there; then the signed hello goes out, and
 * `done` settles on a hello_ok that echoes our nonce, an error, or the timeout.
 */
export class HelloExchange {
  readonly nonce = randomUUID();
  readonly done: Promise<void>;
  private challenge: string | undefined;
  private socket: RelayedSocket | undefined;
  private sent = false;
  private timer: NodeJS.Timeout | undefined;
  private settle!: { resolve(): void; reject(failure: DeliveryFailure): void };

  constructor(
    private readonly identity: WorkstationIdentity,
    private readonly gatewayName: string,
    private readonly now: () => Date,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined); // settled by whoever awaits it; never an unhandled rejection
  }

  /** The socket is open: say hello as soon as the challenge is in, or give up after `timeoutMs`. */
  attach(socket: RelayedSocket, timeoutMs: number): void {
    this.socket = socket;
    this.timer = setTimeout(() => {
      const what = this.challenge === undefined ? 'send its challenge' : 'answer the session handshake';
      this.fail(
        new DeliveryFailure('ack_timeout', `The gateway "${this.gatewayName}" did not ${what} in time.`),
      );
    }, timeoutMs);
    this.sayHello();
  }

  onChallenge(challenge: string): void {
    if (this.challenge !== undefined) return; // only the first counts
    this.challenge = challenge;
    this.sayHello();
  }

  /** Accepts a verified hello_ok for this hello; returns whether it did. */
  onHelloOk(frame: HelloOkFrame): boolean {
    if (frame.nonce !== this.nonce || frame.version !== 1) {
      this.fail(
        new DeliveryFailure(
          'rejected',
          'The gateway answered the handshake for another session or protocol version.',
          false,
        ),
      );
      return false;
    }
    clearTimeout(this.timer);
    this.settle.resolve();
    return true;
  }

  fail(failure: DeliveryFailure): void {
    clearTimeout(this.timer);
    this.settle.reject(failure);
  }

  private sayHello(): void {
    const { socket, challenge } = this;
    if (!socket || challenge === undefined || this.sent) return;
    this.sent = true;
    void signedHello(this.identity, this.nonce, challenge, this.now()).then((frame) =>
      socket.send(JSON.stringify(frame), (error) => {
        if (error)
          this.fail(new DeliveryFailure('send_failed', `Writing to the relay failed: ${error.message}`));
      }),
    );
  }
}
