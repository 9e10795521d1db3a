import { SCHEMA_VERSION, SOURCE_SYSTEM, type ActionEnvelope } from 'modality-link-protocol';
import { DeliveryFailure } from '../relay/delivery-failure';
import type { OutboxAction, OutgoingAction } from '../relay/gateway-channel';
import type { OutboxRow } from './outbox-row';

/** An outbox row as the action handed to its gateway's channel; the channel's profile frames it. */
export function toOutgoingAction(row: OutboxRow): OutboxAction {
  return { messageId: row.id, row };
}

/** The action envelope (`modality-link/1`, `nhs-gateway/1`) of any action handed to a channel. */
export function envelopeOf(action: OutgoingAction): ActionEnvelope {
  return 'envelope' in action ? action.envelope : rowEnvelope(action.row);
}

/**
 * An outbox row as an action envelope. The action id is the message id, on every attempt, so the
 * gateway can recognise a resend; the timestamp is when the order was made, as in production. A worklist
 * item travels as an object beside the destination, so its stored text is parsed here, once, for the
 * profiles that need it; `message.deliver` carries the stored text as it is.
 */
export function rowEnvelope(row: OutboxRow): ActionEnvelope {
  const parameters: Record<string, unknown> =
    row.actionType === 'message.deliver'
      ? {
          type: row.type,
          payload: row.payload,
          destination: row.destination,
          ...(row.accessionNumber ? { accession_number: row.accessionNumber } : {}),
        }
      : { ...storedJson(row), destination: row.destination };
  return {
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
}

function storedJson(row: OutboxRow): Record<string, unknown> {
  try {
    return JSON.parse(row.payload) as Record<string, unknown>;
  } catch {
    throw new DeliveryFailure(
      'send_failed',
      `The stored ${row.type} payload of message ${row.id} (${row.actionType}) is not JSON.`,
    );
  }
}
