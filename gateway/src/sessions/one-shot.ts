import { errorText, type Logger } from '../logger';
import type { SessionSocket } from './session-socket';

/**
 * The shape shared by the two production-style profiles: one JSON request, one JSON reply, then close.
 * The reply is sent only after `answer` resolved (which, for stateful actions, is after the commit).
 * A second request on the same connection is refused rather than silently dropped.
 */
export function serveOneShot(
  socket: SessionSocket,
  log: Logger,
  answer: (request: unknown) => Promise<unknown>,
  refusal: (message: string) => unknown,
): void {
  let used = false;
  socket.onText(
    async (text) => {
      if (used)
        return socket.sendJson(
          refusal('One request per connection: open a new connection for the next one.'),
        );
      used = true;
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
      socket.sendJson(refusal('Requests are JSON text frames.'));
      socket.close(1003);
    },
  );
}
