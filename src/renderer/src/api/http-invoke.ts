import type { Channel, IpcResult } from '#shared/ipc/contract';
import { UNREACHABLE_MESSAGE, failure, resultFromResponse } from './ipc-result';

export interface HttpInvokeOptions {
  token: string | null;
  fetch?: typeof fetch;
}

/** `invoke` for `buildApi()` over the web host: `POST /api/<channel>` with the input as JSON. */
export function createHttpInvoke(options: HttpInvokeOptions) {
  const fetchImpl = options.fetch ?? ((input, init) => window.fetch(input, init));
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  return async function invoke(channel: Channel, input: unknown): Promise<IpcResult<unknown>> {
    try {
      const response = await fetchImpl(`/api/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
      return resultFromResponse(response.status, await response.text());
    } catch {
      // fetch rejects only when there was no HTTP answer at all: the host is gone or restarting.
      return failure('internal', UNREACHABLE_MESSAGE);
    }
  };
}
