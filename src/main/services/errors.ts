import type { ErrorKind } from '#shared/ipc/contract';

/** An expected failure the user can act on; crosses IPC as `{kind, message}` rather than a stack trace. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: Exclude<ErrorKind, 'internal' | 'validation'>,
    message: string,
  ) {
    super(message);
  }
}
