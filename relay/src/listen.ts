import { ControlChannel } from './control-channel.js';
import { tokenOf, upgradeProblem } from './handshake.js';
import type { HandshakeHandler } from './relay-context.js';

/** `sb-hc-action=listen`: authorise with the Listen right, then keep the socket as a control channel. */
export const handleListen: HandshakeHandler = (core, addressed, req, socket, head, trackingId) => {
  const { entity, target } = addressed;
  const id = target.hc.get('sb-hc-id') || trackingId;
  const refuse = (status: number, message: string): void => {
    core.log('listener.refused', { entity: entity.name, id, status });
    core.refuse(socket, status, message, id, entity.name);
  };
  if (target.segments.length !== entity.name.split('/').filter(Boolean).length) {
    return refuse(
      404,
      'EndpointNotFound: A listener must address the Hybrid Connection itself, without a suffix.',
    );
  }
  const auth = core.authorize(tokenOf(req, target.hc).token, addressed, req, 'listen');
  if (!auth.ok) return refuse(auth.status, auth.message);
  const problem = upgradeProblem(req);
  if (problem) return refuse(400, `BadRequest: ${problem}`);
  if (entity.listeners.size >= core.config.maxListenersPerEntity) {
    return refuse(
      403,
      `QuotaExceeded: The Hybrid Connection already has ${core.config.maxListenersPerEntity} listeners.`,
    );
  }
  core.protocolFor.set(req, false);
  const origin = core.originOf(req);
  core.wss.handleUpgrade(req, socket, head, (ws) => {
    const channel = new ControlChannel(ws, {
      entity: entity.name,
      id,
      trackingId: id,
      origin,
      tokenExpiresAt: auth.expiresAt,
      renew: (token) => core.authorize(token, addressed, req, 'listen'),
      onClose: (closed, code) => {
        entity.listeners.delete(closed);
        core.log('listener.closed', { entity: entity.name, id, code });
      },
      log: (event, fields) => core.log(event, fields),
    });
    entity.listeners.add(channel);
    core.log('listener.connected', {
      entity: entity.name,
      id,
      rule: auth.keyName,
      listeners: entity.listeners.size,
    });
  });
};
