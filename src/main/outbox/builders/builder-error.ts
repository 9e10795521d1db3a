/**
 * Thrown when an OrderContext cannot be turned into a message a destination will accept.
 *
 * `field` is the OrderContext path (e.g. `participant.familyName`) so the outbox can mark the
 * message failed with a reason staff and admins can act on, instead of the destination rejecting
 * it later with a less specific error (or, worse, accepting a truncated value).
 */
export class BuilderError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'BuilderError';
    this.field = field;
  }
}
