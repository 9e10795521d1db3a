import net from 'node:net';
import { deliverPayload, MESSAGE_TYPE } from './delivery-payload';
import type { DeliveryRequest, DeliveryResult, Destination, DestinationCheck } from './destination';
import { deliveryFailure, hl7Fault } from './delivery-faults';
import { controlIdOf, parseAck } from './hl7-ack';
import { frameMllp, MllpReader } from './mllp-framing';

/**
 * Sends HL7 v2 messages to a RIS or integration engine over MLLP, one connection per message, and waits
 * for the application ACK:
 * - AA / CA → delivered;
 * - AE / AR / CE / CR → refused with the receiver's text (MSA-3 or ERR), since resending the same
 *   message will get the same answer and a person has to look at it; unless the error code says the
 *   receiver was busy (206 record locked, 207 internal error), which is retried;
 * - no ACK in time, connection refused or dropped, an ACK for another control id → transient: the core
 *   re-schedules with backoff (no retry loop in here, see fhir-http-destination for why).
 * The verdicts are the rows of delivery-faults.ts.
 *
 * A fresh connection per message costs a handshake but means a half-dead connection from an engine
 * restart can never swallow a message; volumes here are a few hundred a day.
 */
interface Hl7MllpDestinationOptions {
  name: string;
  host: string;
  port: number;
  timeoutMs: number;
}

type Exchange = { ack: string } | { failure: string; fault: 'timeout' | 'connection' | 'mllp_no_ack' };

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
    if (!input.ok) return deliveryFailure('payload_invalid', input.message);
    if (input.type !== MESSAGE_TYPE.hl7)
      return deliveryFailure('payload_invalid', `HL7 destination cannot deliver ${input.type} messages`);
    const controlId = controlIdOf(input.payload);
    if (controlId === undefined)
      return deliveryFailure('payload_invalid', 'payload is not an HL7 v2 message (no MSH)');
    const answer = await this.exchange(input.payload);
    if ('failure' in answer) return deliveryFailure(answer.fault, answer.failure);

    const ack = parseAck(answer.ack);
    if (!ack) return deliveryFailure('mllp_no_ack', 'reply was not an HL7 ACK (no MSA segment)');
    if (controlId !== '' && ack.controlId !== controlId)
      return deliveryFailure('mllp_no_ack', 'ACK acknowledges a different message control id');
    const code = ack.errorCode ? ` (error ${ack.errorCode})` : '';
    const detail = ack.text ? `: ${ack.text}` : '';
    if (ACCEPTED.has(ack.code)) return { outcome: 'delivered', message: `ACK ${ack.code}${detail}` };
    if (REFUSED.has(ack.code))
      return deliveryFailure(hl7Fault(ack.errorCode), `ACK ${ack.code}${code}${detail}`);
    return deliveryFailure('hl7_unknown_code', `ACK with unknown code ${ack.code.slice(0, 8)}`);
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

  private exchange(message: string): Promise<Exchange> {
    return new Promise((resolve) => {
      const reader = new MllpReader();
      let phase: 'connect' | 'ack' = 'connect';
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      const finish = (result: Exchange) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () =>
          finish({
            fault: 'timeout',
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
          finish({ fault: 'mllp_no_ack', failure: `MLLP reply unreadable: ${(error as Error).message}` });
        }
      });
      socket.on('error', (error) =>
        finish({
          fault: phase === 'connect' ? 'connection' : 'mllp_no_ack',
          failure: `MLLP ${phase === 'connect' ? 'connect' : 'connection'} failed: ${codeOf(error)}`,
        }),
      );
      socket.on('close', () =>
        finish({ fault: 'mllp_no_ack', failure: 'connection closed before an ACK arrived' }),
      );
    });
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
}
