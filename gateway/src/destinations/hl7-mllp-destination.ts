import net from 'node:net';
import { deliverPayload, MESSAGE_TYPE } from './delivery-payload';
import type { DeliveryRequest, DeliveryResult, Destination, DestinationCheck } from './destination';
import { controlIdOf, parseAck } from './hl7-ack';
import { frameMllp, MllpReader } from './mllp-framing';

/**
 * Sends HL7 v2 messages to a RIS or integration engine over MLLP, one connection per message, and waits
 * for the application ACK:
 * - AA / CA → delivered;
 * - AE / AR / CE / CR → rejected with the receiver's text (MSA-3 or ERR), since resending the same
 *   message will get the same answer; a person has to look at it;
 * - no ACK in time, connection refused or dropped, an ACK for another control id → failed, retryable:
 *   the core re-schedules with backoff (no retry loop in here, see fhir-http-destination for why).
 *
 * A fresh connection per message costs a handshake but means a half-dead connection from an engine
 * restart can never swallow a message; volumes here are a few hundred a day.
 */
export interface Hl7MllpDestinationOptions {
  name: string;
  host: string;
  port: number;
  timeoutMs: number;
}

const ACCEPTED = new Set(['AA', 'CA']);
const REFUSED = new Set(['AE', 'AR', 'CE', 'CR']);

export class Hl7MllpDestination implements Destination {
  readonly kind = 'hl7-mllp' as const;
  readonly name: string;

  constructor(private readonly options: Hl7MllpDestinationOptions) {
    this.name = options.name;
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const input = deliverPayload(request);
    if (!input.ok) return { outcome: 'rejected', message: input.message };
    if (input.type !== MESSAGE_TYPE.hl7)
      return { outcome: 'rejected', message: `HL7 destination cannot deliver ${input.type} messages` };
    const controlId = controlIdOf(input.payload);
    if (controlId === undefined)
      return { outcome: 'rejected', message: 'payload is not an HL7 v2 message (no MSH)' };
    const answer = await this.exchange(input.payload);
    if ('failure' in answer) return { outcome: 'failed', retryable: true, message: answer.failure };

    const ack = parseAck(answer.ack);
    if (!ack)
      return { outcome: 'failed', retryable: true, message: 'reply was not an HL7 ACK (no MSA segment)' };
    if (controlId !== '' && ack.controlId !== controlId)
      return {
        outcome: 'failed',
        retryable: true,
        message: 'ACK acknowledges a different message control id',
      };
    const detail = ack.text ? `: ${ack.text}` : '';
    if (ACCEPTED.has(ack.code)) return { outcome: 'delivered', message: `ACK ${ack.code}${detail}` };
    if (REFUSED.has(ack.code)) return { outcome: 'rejected', message: `ACK ${ack.code}${detail}` };
    return { outcome: 'failed', retryable: false, message: `ACK with unknown code ${ack.code.slice(0, 8)}` };
  }

  /** Connects and closes: proves the port answers without sending anything. */
  async check(): Promise<DestinationCheck> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      const done = (result: DestinationCheck) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () => done({ ok: false, message: 'MLLP connect timed out' }),
        this.options.timeoutMs,
      );
      socket.once('connect', () => done({ ok: true, message: 'MLLP port accepts connections' }));
      socket.once('error', (error) => done({ ok: false, message: `MLLP connect failed: ${codeOf(error)}` }));
    });
  }

  async close(): Promise<void> {}

  private exchange(message: string): Promise<{ ack: string } | { failure: string }> {
    return new Promise((resolve) => {
      const reader = new MllpReader();
      let phase: 'connect' | 'ack' = 'connect';
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      const finish = (result: { ack: string } | { failure: string }) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () =>
          finish({
            failure:
              phase === 'connect' ? 'MLLP connect timed out' : `no ACK within ${this.options.timeoutMs} ms`,
          }),
        this.options.timeoutMs,
      );
      socket.on('connect', () => {
        phase = 'ack';
        socket.write(frameMllp(message));
      });
      socket.on('data', (chunk: Buffer) => {
        try {
          const [ack] = reader.push(chunk);
          if (ack !== undefined) finish({ ack });
        } catch (error) {
          finish({ failure: `MLLP reply unreadable: ${(error as Error).message}` });
        }
      });
      socket.on('error', (error) =>
        finish({
          failure: `MLLP ${phase === 'connect' ? 'connect' : 'connection'} failed: ${codeOf(error)}`,
        }),
      );
      socket.on('close', () => finish({ failure: 'connection closed before an ACK arrived' }));
    });
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
}
