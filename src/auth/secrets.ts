import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets callradar hands out (API keys "cr_…", feed tokens "crf_…"): 32 random bytes,
 * base64url. With 256 bits of entropy a plain SHA-256 is the right hash to store: a slow
 * password hash (scrypt, argon2) protects guessable secrets, and would cost every request
 * milliseconds for nothing (the same reasoning as GitHub's and Stripe's tokens).
 */
export interface IssuedSecret {
  /** The whole secret: shown once, never stored. */
  secret: string;
  /** Enough to recognise it in a list ("cr_AbCd1234"), not enough to use it. */
  prefix: string;
  /** What is stored and looked up. */
  hash: string;
}

const PREFIX_CHARS = 8;

export function issueSecret(kind: 'cr' | 'crf'): IssuedSecret {
  const secret = `${kind}_${randomBytes(32).toString('base64url')}`;
  return {
    secret,
    prefix: secret.slice(0, kind.length + 1 + PREFIX_CHARS),
    hash: hashSecret(secret),
  };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
