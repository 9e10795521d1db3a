import type { ActionEnvelope } from 'modality-link-protocol';

/**
 * An outbox message as stored: the payload is kept in one form, the text the builders made (JSON for
 * WORKLIST and FHIR, the HL7 v2 message itself), and each profile frames it from that text.
 */
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
