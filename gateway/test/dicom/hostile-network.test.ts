import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionPolicy, ScpServer } from '#gateway/dicom-net/scp-listener';
import { startStorageScp } from '#gateway/storage/storage-scp';
import { startWorklistScp } from '#gateway/worklist/mwl-scp';
import { finalStatus, findscu, type ToolRun } from './dcmtk';
import { writeMg } from './mg-fixture';
import { associateRq, connectRaw, flood, pdu, type RawPeer } from './raw-peer';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * Both DICOM ports of the gateway against peers that misbehave: idle sockets, absurd PDU lengths, PDUs
 * out of order, silence after associating, more associations than allowed. Each case ends by showing
 * that a real DCMTK peer is still served (or, over the limit, politely rejected).
 */
const AE = 'GATEWAY_AE';
const images = mkdtempSync(join(tmpdir(), 'ml-hostile-'));
const image = join(images, 'lcc.dcm');
beforeAll(() => writeMg(image, { accession: 'ACC1', sopInstanceUid: '1.2.826.0.1.3680043.9.7433.9.1' }));
afterAll(() => rmSync(images, { recursive: true, force: true }));

let t: ReturnPathDb | undefined;
let scp: ScpServer | undefined;
const peers: RawPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.socket.destroy();
  await scp?.close();
  t?.close();
  scp = undefined;
  t = undefined;
});

interface Port {
  name: string;
  start(policy: Partial<ConnectionPolicy>, allowed?: string[]): Promise<ScpServer>;
  /** The modality's everyday operation on this port, with DCMTK. */
  serve(port: number, callingAe?: string): Promise<ToolRun>;
  served(run: ToolRun): boolean;
}

const ports: Port[] = [
  {
    name: 'worklist/MPPS SCP',
    start: (policy, allowed) =>
      startWorklistScp({
        db: t!.db,
        host: '127.0.0.1',
        port: 0,
        aeTitle: AE,
        log: t!.log,
        policy,
        mpps: t!.events,
        ...(allowed ? { allowedCallingAeTitles: allowed } : {}),
      }),
    serve: (port, callingAe) =>
      findscu({ port, calledAe: AE, callingAe }, ['AccessionNumber', 'PatientName']),
    served: (run) => finalStatus(run.output) === 'Success',
  },
  {
    name: 'storage SCP',
    start: (policy, allowed) =>
      startStorageScp({
        events: t!.events,
        host: '127.0.0.1',
        port: 0,
        aeTitle: AE,
        directory: join(t!.dir, 'images'),
        log: t!.log,
        reserve: { bytes: 0, percent: 0 },
        policy,
        ...(allowed ? { allowedCallingAeTitles: allowed } : {}),
      }),
    serve: (port, callingAe) => storescu({ port, calledAe: AE, callingAe }, [image]),
    served: (run) => (run as Awaited<ReturnType<typeof storescu>>).statuses[0] === 0,
  },
];

async function open(port: Port, policy: Partial<ConnectionPolicy> = {}, allowed?: string[]): Promise<number> {
  t = openReturnPathDb();
  t.addItem('ACC1');
  scp = await port.start(policy, allowed);
  return scp.port;
}

async function raw(port: number, localAddress?: string): Promise<RawPeer> {
  const peer = await connectRaw(port, localAddress);
  peers.push(peer);
  return peer;
}

/** Opens an association and keeps it, silent; resolves once the A-ASSOCIATE-AC has arrived. */
async function holdAssociation(port: number): Promise<RawPeer> {
  const peer = await raw(port);
  peer.socket.write(associateRq(AE, 'MODALITY1'));
  expect(await peer.firstPdu).toBe(0x02);
  return peer;
}

/** The PDU types the SCP sent, in order, read from their headers. */
function pduTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let at = 0; at + 6 <= bytes.length; at += 6 + bytes.readUInt32BE(at + 2)) types.push(bytes[at]!);
  return types;
}

const closedCount = (list: RawPeer[]) => list.filter((p) => p.socket.destroyed || p.socket.closed).length;

describe.each(ports)('$name under hostile traffic', (port) => {
  it('stays open to a modality while 40 idle sockets from another host wait', async () => {
    const scpPort = await open(port, { requestTimeoutMs: 60_000 });
    const idle = await Promise.all(Array.from({ length: 40 }, () => raw(scpPort, '127.0.0.2')));
    const run = await port.serve(scpPort);
    expect(port.served(run), run.output).toBe(true);
    // Beyond the per-address limit (8) the sockets were closed at once; ARTIM has not run yet.
    await vi.waitFor(() => expect(closedCount(idle)).toBeGreaterThanOrEqual(32), { timeout: 5000 });
    expect(t!.logLines.join('')).toMatch(/too many from this address/);
  });

  it('makes room for a modality by dropping the oldest of 40 idle sockets from its own address', async () => {
    const scpPort = await open(port, {
      requestTimeoutMs: 60_000,
      maxConnectionsPerPeer: 100,
      maxPendingConnections: 16,
    });
    const idle: RawPeer[] = [];
    for (let i = 0; i < 40; i += 1) idle.push(await raw(scpPort));
    const run = await port.serve(scpPort);
    expect(port.served(run), run.output).toBe(true);
    expect(closedCount(idle)).toBeGreaterThanOrEqual(24);
    // The newest waiting sockets are the ones kept.
    expect(idle.at(-1)!.socket.destroyed).toBe(false);
  });

  it('closes a connection that sends no association request within the ARTIM time', async () => {
    const scpPort = await open(port, { requestTimeoutMs: 200 });
    const silent = await raw(scpPort);
    await silent.closed;
    // No association existed, so there is nothing to abort: the transport is simply closed (PS3.8 Sta2).
    expect(silent.received().length).toBe(0);
    expect(t!.logLines.join('')).toMatch(/"reason":"request-timeout"/);
  });

  it.each([
    ['1 GiB', 0x4000_0000],
    ['4 GiB', 0xffff_ffff],
  ])('refuses an association request announcing %s and reads no further', async (_label, length) => {
    const scpPort = await open(port);
    const hostile = await raw(scpPort);
    const header = Buffer.from([0x01, 0, 0, 0, 0, 0]);
    header.writeUInt32BE(length, 2);
    const written = await flood(hostile, header, 1024 ** 3);
    await hostile.closed;
    // A-ABORT (invalid PDU parameter value), then the socket closed long before the announced bytes.
    expect(hostile.received().subarray(0, 10)).toEqual(Buffer.from([7, 0, 0, 0, 0, 4, 0, 0, 2, 6]));
    expect(written).toBeLessThan(1024 ** 3);
    expect(t!.logLines.join('')).toMatch(/"reason":"pdu-too-long"/);
    const run = await port.serve(scpPort);
    expect(port.served(run), run.output).toBe(true);
  });

  it('aborts a P-DATA-TF longer than the maximum it announced', async () => {
    const scpPort = await open(port);
    const peer = await holdAssociation(scpPort);
    const header = Buffer.from([0x04, 0, 0, 0, 0, 0]);
    header.writeUInt32BE(16 * 1024 * 1024, 2);
    await flood(peer, header, 64 * 1024 * 1024);
    await peer.closed;
    expect(pduTypes(peer.received())).toEqual([0x02, 0x07]);
  });

  it('aborts a peer whose first PDU is not an association request', async () => {
    const scpPort = await open(port);
    const peer = await raw(scpPort);
    peer.socket.write(pdu(0x04, Buffer.alloc(32)));
    await peer.closed;
    expect(peer.received()).toEqual(Buffer.from([7, 0, 0, 0, 0, 4, 0, 0, 2, 2]));
    expect(t!.logLines.join('')).toMatch(/"reason":"protocol"/);
  });

  it('aborts an association that stays silent past the idle timeout', async () => {
    const scpPort = await open(port, { idleTimeoutMs: 300 });
    const peer = await holdAssociation(scpPort);
    await peer.closed;
    expect(pduTypes(peer.received())).toEqual([0x02, 0x07]);
    expect(t!.logLines.join('')).toMatch(/"reason":"idle-timeout"/);
  });

  it('rejects (transient, local limit exceeded) an association beyond its limit, then serves again', async () => {
    const scpPort = await open(port, { maxAssociations: 1 });
    const held = await holdAssociation(scpPort);
    const refused = await port.serve(scpPort);
    expect(port.served(refused)).toBe(false);
    expect(refused.output).toMatch(/Association Rejected/);
    expect(refused.output).toMatch(/Result: Rejected Transient/);
    expect(refused.output).toMatch(/Source: Service Provider \(Presentation Related\)/);
    expect(refused.output).toMatch(/Reason: Local Limit Exceeded/);
    expect(refused.output).not.toMatch(/Peer aborted/i);
    expect(t!.logLines.join('')).toMatch(/association limit reached/);

    held.socket.destroy();
    await vi.waitFor(
      async () => {
        const run = await port.serve(scpPort);
        expect(port.served(run), run.output).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('rejects a calling AE title not on its allow-list, logging it, and serves the listed modality', async () => {
    const scpPort = await open(port, {}, ['ROOM1_MG']);
    const stranger = await port.serve(scpPort, 'LAPTOP');
    expect(port.served(stranger)).toBe(false);
    expect(stranger.output).toMatch(/Association Rejected/);
    expect(stranger.output).toMatch(/Result: Rejected Permanent, Source: Service User/);
    expect(stranger.output).toMatch(/Reason: Calling AE Title Not Recognized/);
    expect(t!.logLines.join('')).toMatch(/"callingAe":"LAPTOP".*"reason":"calling AE title not allowed"/);
    const modality = await port.serve(scpPort, 'ROOM1_MG');
    expect(port.served(modality), modality.output).toBe(true);
  });
});
