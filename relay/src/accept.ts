import type { WebSocket } from 'ws';
import { Bridge } from './bridge.js';
import { offeredProtocols, upgradeProblem } from './handshake.js';
import { sanitizeReason } from './http-status.js';
import type { HandshakeHandler } from './relay-context.js';

/**
 * `sb-hc-action=accept`: a listener answering an `accept` notification. Connecting to the address as given
 * joins it to the waiting sender; adding `sb-hc-statusCode`/`sb-hc-statusDescription` rejects the sender
 * with that status while the listener's own handshake fails with 410, by design of the protocol.
 */
export const handleAccept: HandshakeHandler = (core, addressed, req, socket, head, trackingId) => {
  const { entity, target } = addressed;
  const key = target.hc.get('sb-hc-rendezvous') ?? '';
  const waiting = core.pending.peek(key);
  if (!waiting || waiting.entity !== entity.name) {
    core.log('accept.refused', { entity: entity.name, status: 403 });
    return core.refuse(
      socket,
      403,
      'The rendezvous address is not valid: unknown, already used or expired.',
      trackingId,
      entity.name,
    );
  }
  const id = waiting.id;

  const statusText = target.hc.get('sb-hc-statuscode');
  if (statusText !== undefined) {
    const status = Number(statusText);
    if (!/^\d{3}$/.test(statusText) || status < 400 || status > 599) {
      return core.refuse(
        socket,
        400,
        'BadRequest: sb-hc-statusCode must be an HTTP error status (400-599).',
        id,
        entity.name,
      );
    }
    const sender = core.pending.take(key);
    if (!sender)
      return core.refuse(socket, 403, 'The rendezvous address is no longer valid.', id, entity.name);
    const description = sanitizeReason(target.hc.get('sb-hc-statusdescription') ?? '');
    core.log('sender.rejected-by-listener', { entity: entity.name, id, status });
    core.refuse(
      sender.socket,
      status,
      description || `Rejected by the listener (${status}).`,
      id,
      entity.name,
    );
    return core.refuse(socket, 410, 'Gone: the connection was rejected as requested.', id, entity.name);
  }

  const problem = upgradeProblem(req);
  if (problem) return core.refuse(socket, 400, `BadRequest: ${problem}`, id, entity.name);
  const sender = core.pending.take(key);
  if (!sender) return core.refuse(socket, 403, 'The rendezvous address is no longer valid.', id, entity.name);

  // The listener picks the subprotocol; the sender gets it only if it offered it.
  const chosen = (offeredProtocols(req) ?? [])[0];
  core.protocolFor.set(req, chosen ?? false);
  core.protocolFor.set(
    sender.req,
    chosen !== undefined && sender.protocols.includes(chosen) ? chosen : false,
  );

  // ws completes a healthy upgrade synchronously; no callback means it found the socket dead and dropped it.
  let senderWs: WebSocket | undefined;
  core.wss.handleUpgrade(sender.req, sender.socket, sender.early, (ws) => (senderWs = ws));
  if (!senderWs) {
    core.log('accept.sender-gone', { entity: entity.name, id });
    return core.refuse(
      socket,
      403,
      'The sender disconnected before the connection was accepted.',
      id,
      entity.name,
    );
  }
  let listenerWs: WebSocket | undefined;
  core.wss.handleUpgrade(req, socket, head, (ws) => (listenerWs = ws));
  if (!listenerWs) {
    core.log('accept.listener-gone', { entity: entity.name, id });
    senderWs.on('error', () => undefined);
    senderWs.close(1011, 'The listener disconnected while accepting.');
    return;
  }
  const bridge = new Bridge(entity.name, id, senderWs, listenerWs, (done, senderCode, listenerCode) => {
    core.bridges.delete(done);
    core.log('connection.closed', { entity: entity.name, id, senderCode, listenerCode });
  });
  core.bridges.add(bridge);
  core.log('connection.accepted', { entity: entity.name, id });
};
