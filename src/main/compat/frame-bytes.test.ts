import { canonicalJson } from 'modality-link-protocol';
import { describe, expect, it } from 'vitest';
import { builtRow } from '../../../test-support/golden-exchange';
import { withContext } from '../outbox/builders/order-context.fixture';
import { toOutgoingAction } from '../outbox/envelope';
import { modalityLinkWire } from '../relay/modality-link-wire';
import { nhsGatewayWire } from './nhs-gateway-wire';
import { pocFiveWire } from './poc-five-wire';

/**
 * The exact text each profile frames from one stored worklist row, as the app sent it before the
 * profiles became wires (ADR 0030): moving the code changed no byte on the wire.
 */
const action = () =>
  toOutgoingAction(
    builtRow(
      withContext({ scheduledTimes: 'utc', participant: { familyName: "O'Brien" } }),
      'WORKLIST',
      'mwl',
    ),
  );

const ENVELOPE_TEXT =
  '{"schema_version":1,"action_id":"6f1c2a9e-3b1d-4c55-9a0e-2f7d8b1e4c21","action_type":"worklist.c' +
  'reate_item","timestamp":"2026-06-30T14:05:07Z","source_system":"modality-link","source_reference' +
  '":{"appointment_id":"appt-0001","participant_id":"part-0001"},"parameters":{"worklist_item":{"ac' +
  'cession_number":"ACC20260701A3F9","participant":{"nhs_number":"9434765919","name":"O\'Brien^Jane"' +
  ',"birth_date":"19680314","sex":"F"},"scheduled":{"date":"20260701","time":"081500"},"procedure":' +
  '{"modality":"MG","study_description":"Bilateral screening mammogram"},"scheduled_station_ae_titl' +
  'e":"MG_ROOM_1"},"destination":"mwl"}}';

describe('the bytes each profile frames from a stored worklist row', () => {
  it('nhs-gateway/1: the envelope as JSON text', () => {
    expect(nhsGatewayWire.frame(action())).toBe(ENVELOPE_TEXT);
  });

  it('modality-link/1: the same envelope, whose canonical JSON the signature covers', () => {
    const envelope = modalityLinkWire.frame(action());
    expect(JSON.stringify(envelope)).toBe(ENVELOPE_TEXT);
    expect(canonicalJson(envelope)).toBe(
      '{"action_id":"6f1c2a9e-3b1d-4c55-9a0e-2f7d8b1e4c21","action_type":"worklist.create_item","' +
        'parameters":{"destination":"mwl","worklist_item":{"accession_number":"ACC20260701A3F9","pa' +
        'rticipant":{"birth_date":"19680314","name":"O\'Brien^Jane","nhs_number":"9434765919","sex":' +
        '"F"},"procedure":{"modality":"MG","study_description":"Bilateral screening mammogram"},"sc' +
        'heduled":{"date":"20260701","time":"081500"},"scheduled_station_ae_title":"MG_ROOM_1"}},"s' +
        'chema_version":1,"source_reference":{"appointment_id":"appt-0001","participant_id":"part-0' +
        '001"},"source_system":"modality-link","timestamp":"2026-06-30T14:05:07Z"}',
    );
  });

  it('poc-five: the seed’s four fields, the payload the stored text', () => {
    expect(pocFiveWire.frame(action())).toBe(
      '{"message_id":"6f1c2a9e-3b1d-4c55-9a0e-2f7d8b1e4c21","type":"WORKLIST","payload":"{\\"workl' +
        'ist_item\\":{\\"accession_number\\":\\"ACC20260701A3F9\\",\\"participant\\":{\\"nhs_number\\":\\"943' +
        '4765919\\",\\"name\\":\\"O\'Brien^Jane\\",\\"birth_date\\":\\"19680314\\",\\"sex\\":\\"F\\"},\\"scheduled' +
        '\\":{\\"date\\":\\"20260701\\",\\"time\\":\\"081500\\"},\\"procedure\\":{\\"modality\\":\\"MG\\",\\"study_' +
        'description\\":\\"Bilateral screening mammogram\\"},\\"scheduled_station_ae_title\\":\\"MG_ROOM_' +
        '1\\"}}","destination":"mwl"}',
    );
  });
});
