import { randomBytes } from 'node:crypto';
import type { AcceptMessage } from './control-channel.js';
import { connectHeaders, offeredProtocols, tokenOf, upgradeProblem } from './handshake.js';
import type { HandshakeHandler } from './relay-context.js';
import type { PendingInit } from './rendezvous.js';

/**
 * `sb-hc-action=connect`: authorise with the Send right, pick a listener, and hold the sender's handshake
 * open while the listener is told where to accept. The sender's 101 only goes out once a listener has
 * connected to the one-use rendezvous address; a timeout answers 404 as the service does.
 */
export const handleConnect: HandshakeHandler = (core, addressed, req, socket, head) => {
  const { entity, target } = addressed;
  const id = target.hc.get('sb-hc-id') || randomBytes(16).toString('hex');
  const refuse = (status: number, message: string): void => {
    core.log('sender.refused', { entity: entity.name, id, status });
    core.refuse(socket, status, message, id, entity.name);
  };

  const injected = core.faults.takeFailNext();
  if (injected) return refuse(injected.status, injected.description ?? 'Injected failure (fault hook).');
  const { token, fromAuthorization } = tokenOf(req, target.hc);
  const auth = core.authorize(token, addressed, req, 'send');
  if (!auth.ok) return refuse(auth.status, auth.message);
  const problem = upgradeProblem(req);
  if (problem) return refuse(400, `BadRequest: ${problem}`);
  const listener = entity.pick();
  if (!listener) return refuse(404, 'There are no listeners connected for the endpoint.');

  const key = randomBytes(16).toString('hex');
  const query = [
    ...target.appQuery,
    'sb-hc-action=accept',
    `sb-hc-id=${encodeURIComponent(id)}`,
    `sb-hc-rendezvous=${key}`,
  ];
  const accept: AcceptMessage = {
    address: `${listener.origin}/$hc/${target.rawSegments.join('/')}?${query.join('&')}`,
    id,
    connectHeaders: connectHeaders(req, fromAuthorization),
  };
  const pending: PendingInit = {
    key,
    id,
    entity: entity.name,
    req,
    socket,
    head,
    protocols: offeredProtocols(req) ?? [],
  };
  core.pending.add(
    pending,
    core.config.acceptTimeoutMs,
    (p) => {
      core.log('sender.accept-timeout', { entity: entity.name, id: p.id });
      core.refuse(p.socket, 404, 'The listener did not accept the connection in time.', p.id, entity.name);
    },
    (p) => core.log('sender.gone-before-accept', { entity: entity.name, id: p.id }),
  );
  core.log('sender.pending', { entity: entity.name, id, listener: listener.id, rule: auth.keyName });

  const plan = core.faults.nextAccept();
  if (plan.swallow) return core.log('fault.accept-swallowed', { entity: entity.name, id });
  if (plan.delayMs > 0) {
    setTimeout(() => {
      if (core.pending.peek(key)) listener.sendAccept(accept);
    }, plan.delayMs).unref();
  } else {
    listener.sendAccept(accept);
  }
};
