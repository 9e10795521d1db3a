import { errorText, type Logger } from '../logger';
import type { SessionSocket } from '../sessions/session-socket';

/**
 * The shape shared by the two production-style profiles: one JSON request, one JSON reply, then close.
 * The reply is sent only after `answer` resolved (which, for stateful actions, is after the commit).
 * A second request on the same connection is refused rather than silently dropped. A connection that
 * sends nothing is closed after `timeoutMs` (production's listener waits 30 s), so an idle sender cannot
 * hold connections open.
 */
export function serveOneShot(
  socket: SessionSocket,
  log: Logger,
  answer: (request: unknown) => Promise<unknown>,
  refusal: (message: string) => unknown,
  timeoutMs: number,
): void {
  let used = false;
  const idle = setTimeout(() => {
    if (used) return;
    used = true;
    log.info({ timeoutMs }, 'no request in time; connection closed');
    socket.sendJson(refusal(`No request within ${timeoutMs / 1000} s: the connection is closed.`));
    socket.close(1000);
  }, timeoutMs);
  idle.unref();
  socket.onClose(() => clearTimeout(idle));
  socket.onText(
    async (text) => {
      if (used)
        return socket.sendJson(
          refusal('One request per connection: open a new connection for the next one.'),
        );
      used = true;
      clearTimeout(idle);
      let request: unknown;
      try {
        request = JSON.parse(text);
      } catch {
        socket.sendJson(refusal('Invalid JSON'));
        return socket.close(1000);
      }
      let reply: unknown;
      try {
        reply = await answer(request);
      } catch (error) {
        log.error({ error: errorText(error) }, 'request failed');
        reply = refusal('The gateway failed to handle this request; send it again.');
      }
      socket.sendJson(reply);
      socket.close(1000);
    },
    () => {
      used = true;
      clearTimeout(idle);
      socket.sendJson(refusal('Requests are JSON text frames.'));
      socket.close(1003);
    },
  );
}
