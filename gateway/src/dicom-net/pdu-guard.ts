import { EventEmitter } from 'node:events';
import type net from 'node:net';

/**
 * The socket dcmjs-dimse sees. dcmjs-dimse reads a PDU by buffering as many bytes as its header
 * announces (a 1 GiB announcement is a 1 GiB buffer, grown by repeated concatenation) and has no timer
 * before the association request on the accepting side. So each SCP connection gets this stand-in: it
 * follows the PDU framing of both directions, holding at most one partial 6-byte header of its own, and
 * passes bytes on to dcmjs-dimse only while the peer keeps to the upper-layer state machine (PS3.8 9.2):
 *
 * - ARTIM: no complete A-ASSOCIATE-RQ within `requestTimeoutMs` of connecting → the socket is closed.
 * - The first PDU must be an A-ASSOCIATE-RQ of at most `maxRequestBytes`; after an A-ASSOCIATE-AC only
 *   P-DATA-TF up to `maxPduBytes` (what we announced), A-RELEASE-RQ or A-ABORT may arrive. Anything else
 *   is answered with A-ABORT (service-provider, with the PS3.8 Table 9-26 reason) and the socket closed,
 *   before a byte of it is buffered.
 * - After an A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT we end the connection; the ARTIM timer closes it
 *   if the peer never does.
 * - An association silent in both directions for `idleTimeoutMs` is aborted.
 *
 * dcmjs-dimse's Network touches only `on`, `write` and `setTimeout` of its socket; timers are ours, so
 * `setTimeout` is a no-op here.
 */
export interface PduLimits {
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestBytes: number;
  maxPduBytes: number;
}

export type LinkState = 'awaiting-request' | 'negotiating' | 'associated' | 'closing';

/** Why a link was closed by us; `service` names the SCP in log lines. */
export type CloseReason = 'request-timeout' | 'idle-timeout' | 'protocol' | 'pdu-too-long' | 'evicted';

const PDU = {
  associateRq: 0x01,
  associateAc: 0x02,
  associateRj: 0x03,
  pData: 0x04,
  releaseRq: 0x05,
  releaseRp: 0x06,
  abort: 0x07,
} as const;
/** A-RELEASE and A-ABORT PDUs have a 4-byte body; a little slack costs nothing. */
const MAX_CONTROL_BYTES = 64;
/** PS3.8 Table 9-26 A-ABORT reasons (source 2, service-provider). */
const ABORT_REASON = { unexpectedPdu: 2, invalidParameterValue: 6, notSpecified: 0 } as const;

export class PduGuard extends EventEmitter {
  state: LinkState = 'awaiting-request';
  private header = Buffer.alloc(0);
  /** Bytes of the current incoming PDU body still to come. */
  private remaining = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: net.Socket,
    private readonly limits: PduLimits,
    private readonly onClosedByUs: (reason: CloseReason) => void,
    private readonly onStateChange: (state: LinkState) => void = () => {},
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.emit('error', error));
    socket.on('close', () => {
      this.clearTimer();
      this.emit('close');
    });
    this.arm(limits.requestTimeoutMs, 'request-timeout');
  }

  /** dcmjs-dimse writes whole PDUs; their type tells us where the association is. */
  write(data: Buffer): boolean {
    if (this.socket.destroyed) return false;
    const type = data[0];
    const written = this.socket.write(data);
    if (type === PDU.associateAc) {
      this.setState('associated');
      this.arm(this.limits.idleTimeoutMs, 'idle-timeout');
    } else if (type === PDU.associateRj || type === PDU.releaseRp || type === PDU.abort) {
      this.finish();
    } else if (this.state === 'associated') {
      this.arm(this.limits.idleTimeoutMs, 'idle-timeout');
    }
    return written;
  }

  setTimeout(): this {
    return this;
  }

  /**
   * Closes the connection from our side. A peer that never sent a request is simply disconnected
   * (PS3.8 Sta2 on ARTIM expiry); any other gets an A-ABORT first, so its log says why.
   */
  abort(reason: CloseReason, abortReason: number = ABORT_REASON.notSpecified): void {
    if (this.socket.destroyed) return;
    const silent =
      this.state === 'awaiting-request' && (reason === 'request-timeout' || reason === 'evicted');
    this.clearTimer();
    this.setState('closing');
    this.onClosedByUs(reason);
    if (silent) {
      this.socket.destroy();
      return;
    }
    this.socket.pause();
    this.socket.end(Buffer.from([PDU.abort, 0, 0, 0, 0, 4, 0, 0, 2, abortReason]));
    // A peer that keeps its side open (or never reads) does not hold the socket.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private finish(): void {
    this.setState('closing');
    this.socket.end();
    this.arm(this.limits.requestTimeoutMs, 'request-timeout');
  }

  private receive(chunk: Buffer): void {
    if (this.state === 'closing') return;
    if (this.state === 'associated') this.arm(this.limits.idleTimeoutMs, 'idle-timeout');
    let offset = 0;
    /** Where the bytes of this chunk not yet held for dcmjs-dimse start. */
    let from = 0;
    const complete = (): void => {
      this.held.push(chunk.subarray(from, offset));
      from = offset;
      this.pduComplete();
    };
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) complete();
        continue;
      }
      const need = 6 - this.header.length;
      const part = chunk.subarray(offset, offset + need);
      this.header = Buffer.concat([this.header, part]);
      offset += part.length;
      if (this.header.length < 6) break;
      const type = this.header[0]!;
      const length = this.header.readUInt32BE(2);
      this.header = Buffer.alloc(0);
      const problem = this.check(type, length);
      if (problem) {
        this.held = [];
        this.abort(problem.reason, problem.abortReason);
        return;
      }
      this.lastType = type;
      this.remaining = length;
      if (length === 0) complete();
    }
    if (from < chunk.length) this.held.push(chunk.subarray(from));
  }

  /**
   * The bytes of the PDU being received, handed to dcmjs-dimse only once it is complete (at most the
   * limit checked above). dcmjs-dimse grows a PDU by concatenating every chunk to what it has, so a
   * 256 KiB P-DATA arriving in 64 KiB chunks would otherwise be copied ~2.5 times over, and a large
   * C-STORE is nearly all P-DATA.
   */
  private held: Buffer[] = [];

  private lastType = 0;

  private pduComplete(): void {
    const pdu = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
    this.held = [];
    if (this.lastType === PDU.associateRq && this.state === 'awaiting-request') {
      this.clearTimer();
      this.setState('negotiating');
    }
    this.emit('data', pdu);
  }

  private check(type: number, length: number): { reason: CloseReason; abortReason: number } | undefined {
    const expected =
      this.state === 'awaiting-request'
        ? type === PDU.associateRq
        : this.state === 'associated'
          ? type === PDU.pData || type === PDU.releaseRq || type === PDU.abort
          : type === PDU.abort || type === PDU.releaseRq;
    if (!expected) return { reason: 'protocol', abortReason: ABORT_REASON.unexpectedPdu };
    const max =
      type === PDU.associateRq
        ? this.limits.maxRequestBytes
        : type === PDU.pData
          ? this.limits.maxPduBytes
          : MAX_CONTROL_BYTES;
    if (length > max) return { reason: 'pdu-too-long', abortReason: ABORT_REASON.invalidParameterValue };
    return undefined;
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.onStateChange(state);
  }

  private arm(ms: number, reason: CloseReason): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      if (this.state === 'closing') this.socket.destroy();
      else this.abort(reason);
    }, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
