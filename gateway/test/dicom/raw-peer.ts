import net from 'node:net';

/**
 * A peer built from bytes (PS3.8 9.3), for what no well-behaved tool will do: hold an association open
 * in silence, announce absurd PDU lengths, send PDUs out of order, connect from another loopback
 * address. Everything it learns comes from the bytes the SCP sends back.
 */
const item = (type: number, body: Buffer): Buffer => {
  const head = Buffer.from([type, 0, 0, 0]);
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([head, body]);
};
const text = (value: string) => Buffer.from(value, 'latin1');
const ae = (title: string) => text(title.padEnd(16, ' '));

export function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.from([type, 0, 0, 0, 0, 0]);
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}

/** An A-ASSOCIATE-RQ proposing Verification in Implicit VR Little Endian. */
export function associateRq(calledAe: string, callingAe: string): Buffer {
  const fixed = Buffer.concat([Buffer.from([0, 1, 0, 0]), ae(calledAe), ae(callingAe), Buffer.alloc(32)]);
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(16384, 0);
  return pdu(
    0x01,
    Buffer.concat([
      fixed,
      item(0x10, text('1.2.840.10008.3.1.1.1')),
      item(
        0x20,
        Buffer.concat([
          Buffer.from([1, 0, 0, 0]),
          item(0x30, text('1.2.840.10008.1.1')),
          item(0x40, text('1.2.840.10008.1.2')),
        ]),
      ),
      item(0x50, Buffer.concat([item(0x51, maxLength), item(0x52, text('1.2.3.4'))])),
    ]),
  );
}

export interface RawPeer {
  socket: net.Socket;
  /** Every byte the SCP has sent so far. */
  received(): Buffer;
  /** Resolves when the SCP (or the network) closes the connection. */
  closed: Promise<void>;
  /** Resolves with the type of the first PDU the SCP sends. */
  firstPdu: Promise<number>;
}

export function connectRaw(port: number, localAddress = '127.0.0.1'): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const chunks: Buffer[] = [];
    let firstType: (type: number) => void = () => {};
    const firstPdu = new Promise<number>((r) => (firstType = r));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      firstType(Buffer.concat(chunks)[0]!);
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.once('connect', () =>
      resolve({ socket, received: () => Buffer.concat(chunks), closed, firstPdu }),
    );
    socket.once('error', reject);
  });
}

/** Writes until the SCP stops reading or closes; returns how many bytes the kernel took. */
export async function flood(peer: RawPeer, header: Buffer, maxBytes: number): Promise<number> {
  const zeros = Buffer.alloc(1024 * 1024);
  let written = 0;
  let open = true;
  void peer.closed.then(() => (open = false));
  if (!peer.socket.write(header)) await drainOrClose(peer);
  while (open && written < maxBytes && !peer.socket.destroyed) {
    written += zeros.length;
    if (!peer.socket.write(zeros)) await drainOrClose(peer);
  }
  return written;
}

function drainOrClose(peer: RawPeer): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      peer.socket.off('drain', done);
      resolve();
    };
    peer.socket.once('drain', done);
    void peer.closed.then(done);
  });
}
