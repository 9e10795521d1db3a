import type { DeliveryRequest } from './destination';

/**
 * The `message.deliver` parameters every adapter reads: `{type, payload, destination}` as the wire
 * protocol defines them (`actionParameterSchemas['message.deliver']`, already validated by the core).
 * Re-checked here because a destination must never write `undefined` to a hospital system.
 */
type DeliverPayload = { ok: true; type: string; payload: string } | { ok: false; message: string };

export function deliverPayload(request: DeliveryRequest): DeliverPayload {
  const { type, payload } = request.parameters;
  if (typeof payload !== 'string' || payload === '')
    return { ok: false, message: 'message.deliver without a payload' };
  if (typeof type !== 'string' || type === '')
    return { ok: false, message: 'message.deliver without a type' };
  return { ok: true, type, payload };
}

/** Message types as the app names them (src/shared/domain/message.ts `MESSAGE_TYPES`). */
export const MESSAGE_TYPE = { worklist: 'WORKLIST', fhir: 'FHIR', hl7: 'HL7v2' } as const;
