import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../../test-support/free-port';
import { parseAck } from '#gateway/destinations/hl7-ack';
import { Hl7MllpDestination } from '#gateway/destinations/hl7-mllp-destination';
import { frameMllp, MllpReader } from '#gateway/destinations/mllp-framing';
import { deliverRequest, HL7_ORDER } from './fixtures';

/**
 * The MLLP adapter against a local TCP server playing the RIS. Each scenario's server receives the
 * framed order and answers (or not) as scripted.
 */
type Script = (socket: net.Socket, received: string) => void;

async function withRis<T>(
  script: Script,
  test: (port: number, received: string[]) => Promise<T>,
): Promise<T> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const reader = new MllpReader();
    socket.on('data', (chunk) => {
      for (const message of reader.push(chunk)) {
        received.push(message);
        script(socket, message);
      }
    });
    socket.on('error', () => {});
  });
  const port = await listenOnLoopback(server);
  try {
    return await test(port, received);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

const ack = (code: string, controlId = 'CTRL0001', text = '', extra: string[] = []) =>
  [
    'MSH|^~\\&|RIS|RXX|MODALITY-LINK|RXX|20261127091501||ACK^O01|ACK0001|P|2.4',
    `MSA|${code}|${controlId}|${text}`,
    ...extra,
  ].join('\r');

const reply =
  (text: string): Script =>
  (socket) =>
    socket.write(frameMllp(text));
const mllp = (port: number, timeoutMs = 2000) =>
  new Hl7MllpDestination({ name: 'ris', host: '127.0.0.1', port, timeoutMs });
const order = () => deliverRequest('HL7v2', HL7_ORDER);

describe('HL7 MLLP destination', () => {
  it('delivers on AA and sends exactly the framed message', async () => {
    await withRis(reply(ack('AA')), async (port, received) => {
      expect(await mllp(port).deliver(order())).toEqual({ outcome: 'delivered', message: 'ACK AA' });
      expect(received).toEqual([HL7_ORDER]);
    });
  });

  it('accepts a commit ACK (CA)', async () => {
    await withRis(reply(ack('CA')), async (port) => {
      expect(await mllp(port).deliver(order())).toMatchObject({ outcome: 'delivered' });
    });
  });

  it("rejects on AE with MSA-3, and on AR with the ERR segment's text", async () => {
    await withRis(reply(ack('AE', 'CTRL0001', 'Unknown procedure code \\F\\ 24623002')), async (port) => {
      expect(await mllp(port).deliver(order())).toEqual({
        outcome: 'rejected',
        fault: 'hl7_refused',
        message: 'ACK AE: Unknown procedure code | 24623002',
      });
    });
    const err = 'ERR|||200^Unsupported message type^HL70357|E||||Patient 9434765919 not taken by this RIS';
    await withRis(reply(ack('AR', 'CTRL0001', '', [err])), async (port) => {
      expect(await mllp(port).deliver(order())).toEqual({
        outcome: 'rejected',
        fault: 'hl7_refused',
        message: 'ACK AR (error 200): Patient [number] not taken by this RIS',
      });
    });
  });

  it('retries an AE/AR whose error code says the receiver was busy (206, 207); an unknown ACK code is final', async () => {
    const locked =
      'ERR|||207^Application internal error^HL70357|E||||Patient 9434765919 locked by another user';
    await withRis(reply(ack('AR', 'CTRL0001', '', [locked])), async (port) => {
      expect(await mllp(port).deliver(order())).toEqual({
        outcome: 'failed',
        fault: 'hl7_busy',
        message: 'ACK AR (error 207): Patient [number] locked by another user',
      });
    });
    await withRis(
      reply(`${ack('AE', 'CTRL0001', 'Record in use')}\rERR|PID^1^3^206&Record locked`),
      async (port) => {
        expect(await mllp(port).deliver(order())).toMatchObject({ outcome: 'failed', fault: 'hl7_busy' });
      },
    );
    await withRis(reply(ack('ZZ')), async (port) => {
      expect(await mllp(port).deliver(order())).toEqual({
        outcome: 'failed',
        fault: 'hl7_unknown_code',
        message: 'ACK with unknown code ZZ',
      });
    });
  });

  it('reassembles an ACK split across TCP chunks', async () => {
    const bytes = frameMllp(ack('AA'));
    const split: Script = (socket) => {
      socket.setNoDelay(true);
      const cuts = [1, 9, bytes.length - 1];
      let from = 0;
      cuts.forEach((to, i) => {
        const part = bytes.subarray(from, to);
        from = to;
        setTimeout(() => socket.write(part), 20 * (i + 1));
      });
      setTimeout(() => socket.write(bytes.subarray(from)), 100);
    };
    await withRis(split, async (port) => {
      expect(await mllp(port).deliver(order())).toEqual({ outcome: 'delivered', message: 'ACK AA' });
    });
  });

  it('fails retryably on silence, a dropped connection, a refused port, or an ACK for another message', async () => {
    await withRis(
      () => {},
      async (port) => {
        expect(await mllp(port, 300).deliver(order())).toEqual({
          outcome: 'failed',
          fault: 'timeout',
          message: 'no ACK within 300 ms',
        });
      },
    );
    await withRis(
      (socket) => socket.end(),
      async (port) => {
        expect(await mllp(port).deliver(order())).toEqual({
          outcome: 'failed',
          fault: 'mllp_no_ack',
          message: 'connection closed before an ACK arrived',
        });
      },
    );
    await withRis(reply(ack('AA', 'SOMEONEELSE')), async (port) => {
      expect(await mllp(port).deliver(order())).toMatchObject({
        outcome: 'failed',
        fault: 'mllp_no_ack',
        message: expect.stringMatching(/different message/),
      });
    });
    const closedPort = await withRis(
      () => {},
      async (port) => port,
    );
    expect(await mllp(closedPort).deliver(order())).toEqual({
      outcome: 'failed',
      fault: 'connection',
      message: 'MLLP connect failed: ECONNREFUSED',
    });
  });

  it('rejects what is not an HL7 message without connecting', async () => {
    await withRis(reply(ack('AA')), async (port, received) => {
      expect(await mllp(port).deliver(deliverRequest('HL7v2', 'PID|1'))).toMatchObject({
        outcome: 'rejected',
      });
      expect(await mllp(port).deliver(deliverRequest('FHIR', '{}'))).toMatchObject({ outcome: 'rejected' });
      expect(received).toEqual([]);
    });
  });

  it('checks reachability by connecting only', async () => {
    await withRis(reply(ack('AA')), async (port, received) => {
      expect(await mllp(port).check()).toEqual({ ok: true, message: 'MLLP port accepts connections' });
      expect(received).toEqual([]);
    });
  });
});

describe('MLLP framing and ACK parsing', () => {
  it('reads several frames from one chunk and skips bytes outside frames', () => {
    const reader = new MllpReader();
    const chunk = Buffer.concat([Buffer.from('noise'), frameMllp('MSH|one'), frameMllp('MSH|twö')]);
    expect(reader.push(chunk.subarray(0, 12))).toEqual([]);
    expect(reader.push(chunk.subarray(12))).toEqual(['MSH|one', 'MSH|twö']);
  });

  it('uses the ACK’s own delimiters and tolerates LF segment endings', () => {
    expect(parseAck('MSH#$~\\&#RIS\nMSA#AE#C1#Bad$thing')).toEqual({
      code: 'AE',
      controlId: 'C1',
      text: 'Bad thing',
    });
    expect(parseAck('not hl7')).toBeUndefined();
  });

  it('reads the HL7 error code from ERR-3 (v2.5), ERR-1.4 (v2.4) or MSA-6, never from free text', () => {
    const msh = 'MSH|^~\\&|RIS|RXX|ML|RXX|20261127091501||ACK|A1|P|2.5';
    expect(parseAck(`${msh}\rMSA|AE|C1\rERR|||207^Application internal error^HL70357|E`)).toMatchObject({
      errorCode: '207',
    });
    expect(parseAck(`${msh}\rMSA|AR|C1\rERR|PID^1^3^206&Record locked&HL70357`)).toMatchObject({
      errorCode: '206',
      text: 'PID 1 3 206&Record locked&HL70357',
    });
    expect(parseAck(`${msh}\rMSA|AE|C1|Busy|||207^Internal`)).toMatchObject({ errorCode: '207' });
    expect(parseAck(`${msh}\rMSA|AE|C1|Error 207 somewhere`)).not.toHaveProperty('errorCode');
  });
});
