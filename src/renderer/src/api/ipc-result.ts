import { ERROR_KINDS, type ErrorKind, type IpcResult } from '#shared/ipc/contract';

/** What staff see when the web host is down: say what to check, not what failed. */
export const UNREACHABLE_MESSAGE = 'Cannot reach Modality Link. Check it is still running.';

export function failure(kind: ErrorKind, message: string): IpcResult<never> {
  return { ok: false, error: { kind, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts exactly the `IpcResult` shape; anything else (a proxy's HTML page, say) is not a result. */
export function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  const { kind, message } = value.error;
  return typeof message === 'string' && (ERROR_KINDS as readonly unknown[]).includes(kind);
}

/** The web host answers with an `IpcResult` body even on 4xx; anything else becomes an internal error. */
export function resultFromResponse(status: number, bodyText: string): IpcResult<unknown> {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (isIpcResult(body)) return body;
  if (status === 401 || status === 403) {
    return failure(
      'internal',
      'Modality Link did not accept this page’s access link. Open the page again from Modality Link.',
    );
  }
  return failure('internal', `Modality Link gave an unexpected answer (HTTP ${status}). Try again.`);
}
