import { SCHEMA_VERSION, SOURCE_SYSTEM, type ActionEnvelope } from 'modality-link-protocol';
import type { OutgoingAction } from '../relay/gateway-channel';

export interface OutboxRow {
  id: string;
  type: 'WORKLIST' | 'FHIR' | 'HL7v2';
  actionType: ActionEnvelope['action_type'];
  payload: string;
  destination: string;
  appointmentId: string | null;
  participantId: string | null;
  createdAt: string;
  accessionNumber: string | null;
}

/**
 * An outbox row in every profile's wire shape. The action id is the message id, on every attempt, so
 * the gateway can recognise a resend; the timestamp is when the order was made, as in production.
 */
export function toOutgoingAction(row: OutboxRow): OutgoingAction {
  const parameters: Record<string, unknown> =
    row.actionType === 'message.deliver'
      ? {
          type: row.type,
          payload: row.payload,
          destination: row.destination,
          ...(row.accessionNumber ? { accession_number: row.accessionNumber } : {}),
        }
      : { ...(JSON.parse(row.payload) as Record<string, unknown>), destination: row.destination };
  const envelope: ActionEnvelope = {
    schema_version: SCHEMA_VERSION,
    action_id: row.id,
    action_type: row.actionType,
    timestamp: row.createdAt,
    source_system: SOURCE_SYSTEM,
    source_reference: {
      ...(row.appointmentId ? { appointment_id: row.appointmentId } : {}),
      ...(row.participantId ? { participant_id: row.participantId } : {}),
    },
    parameters,
  };
  return {
    messageId: row.id,
    envelope,
    pocFive: {
      message_id: row.id,
      type: row.type,
      // The seed's sender sends the payload as text, JSON included (issue 13); so do we.
      payload: row.payload,
      destination: row.destination,
    },
  };
}
