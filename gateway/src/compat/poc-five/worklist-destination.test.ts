import { describe, expect, it } from 'vitest';
import { getItem } from '../../worklist/worklist-store';
import { worklistDb, worklistItem } from '../../../test/dicom/worklist-fixtures';
import { deliverRequest, serviceRequest } from '../../../test/destinations/fixtures';
import { WorklistDestination } from './worklist-destination';

describe('worklist destination', () => {
  it('creates a worklist item from a WORKLIST message, idempotently', async () => {
    const db = worklistDb();
    const destination = new WorklistDestination('mwl', db);
    const payload = JSON.stringify({
      worklist_item: worklistItem({ accession: 'ACC1', name: 'PRYS-JONES^Siân' }),
    });
    expect(await destination.deliver(deliverRequest('WORKLIST', payload, 'action-1'))).toEqual({
      outcome: 'delivered',
      message: 'worklist item created',
    });
    expect(await destination.deliver(deliverRequest('WORKLIST', payload, 'action-2'))).toEqual({
      outcome: 'delivered',
      message: 'worklist item exists',
    });
    expect(getItem(db, 'ACC1')).toMatchObject({
      patientName: 'PRYS-JONES^Siân',
      sourceMessageId: 'action-1',
    });
    expect(await destination.check()).toEqual({ ok: true, message: 'worklist holds 1 items' });
  });

  it('fails transiently when its database cannot be written', async () => {
    const db = worklistDb();
    const destination = new WorklistDestination('mwl', db);
    db.close();
    const payload = JSON.stringify({ worklist_item: worklistItem({ accession: 'ACC2' }) });
    expect(await destination.deliver(deliverRequest('WORKLIST', payload, 'action-3'))).toEqual({
      outcome: 'failed',
      fault: 'database',
      message: 'worklist database error: TypeError',
    });
  });

  it('rejects invalid items with the field paths only, and other message types', async () => {
    const destination = new WorklistDestination('mwl', worklistDb());
    const bad = worklistItem({ accession: 'ACC1', nhsNumber: '94347659' });
    const result = await destination.deliver(
      deliverRequest('WORKLIST', JSON.stringify({ worklist_item: bad })),
    );
    expect(result).toEqual({
      outcome: 'rejected',
      fault: 'payload_invalid',
      message: 'invalid worklist item (participant.nhs_number: 10 digits)',
    });
    expect(await destination.deliver(deliverRequest('FHIR', serviceRequest()))).toMatchObject({
      outcome: 'rejected',
    });
  });
});
