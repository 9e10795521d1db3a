import net from 'node:net';

export interface RawReply {
  /** 0 when the server closed the connection without a status line. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes bytes to a server exactly as given (no client library to tidy a malformed request up), then
 * half-closes, so a server waiting for more of a truncated request learns at once that none is coming.
 * Reads until the server closes the connection or `timeoutMs` passes. Parses the first reply only.
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseReply(Buffer.concat(chunks).toString('latin1')));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => {});
  });
}

export function parseReply(text: string): RawReply {
  // Skip interim replies (`100 Continue`); the final one is what the client is answered with.
  while (/^HTTP\/1\.[01] 1(?!01)\d\d [^\r\n]*\r\n\r\n/.test(text))
    text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text);
  if (!match) return { status: 0, headers: {}, body: '' };
  const end = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text.slice(match[0].length, end < 0 ? undefined : end).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  const length = Number(headers['content-length']);
  if (Number.isInteger(length)) body = body.slice(0, length);
  return { status: Number(match[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}
