import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { updateStatus } from '#gateway/worklist/worklist-store';
import { findscu, finalStatus } from './dcmtk';
import { nCreate, nSet } from './dimse-client';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';

/**
 * MPPS on the worklist SCP's AE, driven by a dcmjs-dimse client as the modality, with DCMTK's findscu
 * checking what the worklist offers afterwards. Each test starts from an empty database; the SCP is
 * bound to 127.0.0.1 on a free port and closed after the test.
 */
const AE = 'MWLSCP';
let t: ReturnPathDb;
let scp: WorklistScp;
const peer = () => ({ port: scp.port, calledAe: AE });
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.1.${n}`;

beforeEach(async () => {
  t = openReturnPathDb();
  scp = await startWorklistScp({
    db: t.db,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    log: t.log,
    mpps: t.events,
  });
});

afterEach(async () => {
  await scp.close();
  t.close();
});

const procedureEvents = () => t.outboxEvents().filter((e) => e.event.event_type.startsWith('procedure.'));

describe('MPPS N-CREATE', () => {
  it('starts the step: item IN PROGRESS and one procedure.in_progress event for the sending workstation', async () => {
    t.addItem('ACC0001', 'ws-1');
    const reply = await nCreate(peer(), uid(1), 'ACC0001');
    expect(reply.status).toBe(0);
    expect(reply.affectedSopInstanceUid).toBe(uid(1));
    expect(t.status('ACC0001')).toBe('IN PROGRESS');
    const row = t.db.prepare('SELECT mpps_instance_uid FROM worklist_items').get() as Record<string, string>;
    expect(row.mpps_instance_uid).toBe(uid(1));
    const events = procedureEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.workstationId).toBe('ws-1');
    expect(events[0]!.event).toMatchObject({
      event_type: 'procedure.in_progress',
      accession_number: 'ACC0001',
      action_id: 'create-ACC0001',
      data: { source: 'mpps', mpps_instance_uid: uid(1) },
    });
    expect(t.notified()).toBeGreaterThan(0);
    // Still offered while in progress (a modality may re-query mid-procedure).
    const found = await findscu(peer(), ['AccessionNumber=ACC0001']);
    expect(found.responses).toHaveLength(1);
  });

  it('lets the SCP make the instance UID when the modality leaves it out', async () => {
    t.addItem('ACC0002');
    const reply = await nCreate(peer(), '', 'ACC0002');
    expect(reply.status).toBe(0);
    expect(reply.affectedSopInstanceUid).toMatch(/^2\.25\.\d+$/);
    // Created over nhs-gateway/1: no workstation, so the event is for whichever session comes first.
    expect(procedureEvents()[0]!.workstationId).toBeNull();
  });

  it('refuses a duplicate instance with 0x0111 and reports nothing twice', async () => {
    t.addItem('ACC0003', 'ws-1');
    expect((await nCreate(peer(), uid(3), 'ACC0003')).status).toBe(0);
    const again = await nCreate(peer(), uid(3), 'ACC0003');
    expect(again.status).toBe(0x0111);
    expect(procedureEvents()).toHaveLength(1);
  });

  it('refuses an unknown accession with 0x0110 and changes nothing', async () => {
    const reply = await nCreate(peer(), uid(4), 'NOSUCHACC');
    expect(reply.status).toBe(0x0110);
    expect(reply.errorComment).toBe('No worklist item with this accession number');
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM mpps_instances').get()).toEqual({ n: 0 });
    expect(t.outboxEvents()).toHaveLength(0);
  });

  it('refuses a status other than IN PROGRESS with 0x0106', async () => {
    t.addItem('ACC0005');
    const reply = await nCreate(peer(), uid(5), 'ACC0005', { PerformedProcedureStepStatus: 'FINISHED' });
    expect(reply.status).toBe(0x0106);
    expect(t.status('ACC0005')).toBe('SCHEDULED');
  });

  it('accepts a step for an item the first image already started, without a second event', async () => {
    t.addItem('ACC0006');
    updateStatus(t.db, 'ACC0006', 'IN PROGRESS');
    expect((await nCreate(peer(), uid(6), 'ACC0006')).status).toBe(0);
    expect(procedureEvents()).toHaveLength(0);
  });
});

describe('MPPS N-SET', () => {
  it('completes the step: item COMPLETED, procedure.completed, no longer on the worklist', async () => {
    t.addItem('ACC0010', 'ws-1');
    await nCreate(peer(), uid(10), 'ACC0010');
    const reply = await nSet(peer(), uid(10), 'COMPLETED');
    expect(reply.status).toBe(0);
    expect(t.status('ACC0010')).toBe('COMPLETED');
    expect(procedureEvents().map((e) => e.event.event_type)).toEqual([
      'procedure.in_progress',
      'procedure.completed',
    ]);
    expect(procedureEvents()[1]!.event.data).toEqual({ source: 'mpps', mpps_instance_uid: uid(10) });
    const found = await findscu(peer(), ['AccessionNumber=ACC0010']);
    expect(finalStatus(found.output)).toBe('Success');
    expect(found.responses).toHaveLength(0);
  });

  it('discontinues the step with the modality’s reason in plain words', async () => {
    t.addItem('ACC0011', 'ws-2');
    await nCreate(peer(), uid(11), 'ACC0011');
    const reply = await nSet(peer(), uid(11), 'DISCONTINUED', {
      reason: 'Patient refused to continue procedure',
    });
    expect(reply.status).toBe(0);
    expect(t.status('ACC0011')).toBe('DISCONTINUED');
    const last = procedureEvents().at(-1)!;
    expect(last.workstationId).toBe('ws-2');
    expect(last.event).toMatchObject({
      event_type: 'procedure.discontinued',
      data: { source: 'mpps', mpps_instance_uid: uid(11), reason: 'Patient refused to continue procedure' },
    });
  });

  it('takes an IN PROGRESS update (more series) without moving anything', async () => {
    t.addItem('ACC0012');
    await nCreate(peer(), uid(12), 'ACC0012');
    const image = (n: number) => ({
      ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
      ReferencedSOPInstanceUID: uid(1200 + n),
    });
    const reply = await nSet(peer(), uid(12), 'IN PROGRESS', {
      extra: {
        PerformedSeriesSequence: [
          {
            SeriesInstanceUID: uid(1299),
            ProtocolName: 'Screening mammography',
            ReferencedImageSequence: [image(1), image(2)],
          },
        ],
      },
    });
    expect(reply.status).toBe(0);
    expect(t.status('ACC0012')).toBe('IN PROGRESS');
    expect(t.db.prepare('SELECT referenced_images AS n FROM mpps_instances').get()).toEqual({ n: 2 });
  });

  it('answers 0x0112 for an unknown instance', async () => {
    const reply = await nSet(peer(), uid(13), 'COMPLETED');
    expect(reply.status).toBe(0x0112);
  });

  it('refuses any update after the step is final: 0x0110 with Error ID A710', async () => {
    t.addItem('ACC0014');
    await nCreate(peer(), uid(14), 'ACC0014');
    await nSet(peer(), uid(14), 'COMPLETED');
    const reply = await nSet(peer(), uid(14), 'DISCONTINUED', { reason: 'Equipment failure' });
    expect(reply.status).toBe(0x0110);
    expect(reply.errorComment).toBe('Performed Procedure Step Object may no longer be updated');
    expect(reply.errorId).toBe(0xa710);
    expect(t.status('ACC0014')).toBe('COMPLETED');
    expect(procedureEvents()).toHaveLength(2);
  });

  it('refuses an invalid status value with 0x0106', async () => {
    t.addItem('ACC0015');
    await nCreate(peer(), uid(15), 'ACC0015');
    expect((await nSet(peer(), uid(15), 'DONE')).status).toBe(0x0106);
    expect(t.status('ACC0015')).toBe('IN PROGRESS');
  });

  it('logs ids, AE titles and statuses but never the participant', async () => {
    t.addItem('ACC0016');
    await nCreate(peer(), uid(16), 'ACC0016');
    const log = t.logLines.join('');
    expect(log).toContain('"msg":"mpps n-create"');
    expect(log).toContain('MODALITY1');
    expect(log).not.toMatch(/TEST\^PARTICIPANT|SMITH|9434765919/);
  });
});
