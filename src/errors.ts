/**
 * Errors the domain code (calls, matching, tenants, ingest) throws when a request cannot be
 * met. They say what went wrong, not how to answer it: the HTTP error handler
 * (src/http/errors.ts) maps each kind to a status, a CLI or a job can map it otherwise.
 */
export type DomainErrorKind =
  | 'not-found'
  | 'invalid-input'
  | 'conflict'
  | 'precondition-failed'
  | 'unauthenticated'
  | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

/** Something asked for by id or key does not exist (for this tenant). */
export class NotFound extends DomainError {
  readonly kind = 'not-found';
  override readonly name: string = 'NotFound';
}

/** The input is well-formed but not acceptable (an impossible date, a cursor for another sort). */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid-input';
  override readonly name: string = 'InvalidInput';
}

/** The request contradicts what is stored (a duplicate key, a stale version). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
  override readonly name: string = 'Conflict';
}

/** A write made against a version of the data that is no longer current (a stale If-Match). */
export class PreconditionFailed extends DomainError {
  readonly kind = 'precondition-failed';
  override readonly name: string = 'PreconditionFailed';
}

/** No credentials, or ones that are not (or no longer) valid: a missing, unknown or revoked key. */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  override readonly name: string = 'Unauthenticated';
}

/**
 * A valid key whose role does not allow this on its own tenant (a reader writing). Never
 * used across tenants: another tenant's things are NotFound, so their existence does not leak.
 */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  override readonly name: string = 'Forbidden';
}
