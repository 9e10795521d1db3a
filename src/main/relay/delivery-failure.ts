import type { FailingPhase } from '#shared/domain/message';

/** Why one attempt to deliver a message failed, in the phase vocabulary staff and IT see. */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  constructor(
    readonly phase: FailingPhase,
    message: string,
    /** False when sending the same message again cannot succeed (the gateway refused its content). */
    readonly retryable = true,
  ) {
    super(message);
  }
}

/** Maps a failed relay handshake to its phase, as Azure Relay reports it. */
export function failureFromConnectError(error: Error, gatewayName: string): DeliveryFailure {
  const status = /unexpected server response \((\d{3})\)/.exec(error.message)?.[1];
  if (status === '404') {
    return new DeliveryFailure(
      'gateway_offline',
      `The gateway "${gatewayName}" is offline: no listener is connected to the relay (404).`,
    );
  }
  if (status === '401' || status === '403') {
    return new DeliveryFailure(
      'credentials_rejected',
      `The relay refused this workstation's credentials for "${gatewayName}" (${status}). Check the send rule name and key.`,
    );
  }
  if (status)
    return new DeliveryFailure(
      'relay_unreachable',
      `The relay answered ${status} when connecting to "${gatewayName}".`,
    );
  // Our CONNECT agent's errors already name the proxy (never its password) and what it answered.
  if (error.name === 'ProxyError')
    return new DeliveryFailure('relay_unreachable', `The relay cannot be reached: ${error.message}.`);
  const code = (error as NodeJS.ErrnoException).code;
  return new DeliveryFailure('relay_unreachable', `The relay cannot be reached (${code ?? error.message}).`);
}
