import type http from 'node:http';
import { HostError } from './http-reply';

export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (limit: number) =>
  new HostError(
    413,
    'validation',
    `The request body is larger than ${limit} bytes (${Math.round(limit / 1024)} KB).`,
    {
      // The rest of the body is not read; the connection cannot be reused after it.
      connection: 'close',
    },
  );

/**
 * Reads a JSON body of at most `limit` bytes. A declared `Content-Length` over the limit is refused
 * before anything is read; a chunked body is refused as soon as it passes the limit. Either way the
 * request is left to be drained by Node rather than destroyed, so the client receives the 413 instead
 * of a reset connection. An empty body means `{}`.
 */
export function readJsonBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HostError(400, 'validation', 'Request body is not valid JSON.'));
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () =>
      reject(new HostError(400, 'validation', 'The request body was cut off before it ended.')),
    );
  });
}
